import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';
import { CHANNEL_LABELS, APPLICANT_TYPE_LABELS } from './applicants.ts';
import { STATE_LABELS, TRANSITIONS } from './states.ts';

/** How the requests module's audit entries read (issue 15, item 8). */
export const requestsAudit: AuditVocabulary = {
  actions: {
    'requests.create': '登记申请',
    'requests.import': '导入申请台账',
    'requests.attach': '上传附件',
    'requests.record-appeal': '登记复议或诉讼',
    'requests.decide-appeal': '登记复议或诉讼结果',
    'requests.transfer-in': '收到转送的申请',
    'requests.track': '申请人查询进度',
    'requests.track-failed': '进度查询未通过核对',
    'requests.track-locked': '进度查询暂停（多次核对失败）',
    'requests.remind': '每日跟进提醒',
    'requests.recompute': '重算答复期限',
    'requests.reasonable_deadline': '确定延迟答复的合理期限',
    'requests.consultation_reply': '收到征求意见答复',
    'requests.submit_correction': '申请人提交补正',
    ...Object.fromEntries(Object.entries(TRANSITIONS).map(([k, t]) => [`requests.${k}`, t.label])),
  },
  subjects: {
    request: {
      label: '申请',
      async titles(db, ids) {
        const rows = await db
          .selectFrom('requests')
          .select(['id', 'decision_number', 'arrived_on', 'info_description'])
          .where('id', 'in', ids.map(Number).filter(Number.isInteger))
          .execute();
        const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s);
        return new Map(
          rows.map((r) => [String(r.id), `${r.arrived_on} 申请公开“${clip(r.info_description)}”${r.decision_number ? `（${r.decision_number}）` : ''}`]),
        );
      },
      href: (id) => `/admin/requests/${id}`,
    },
    appeal: { label: '复议或诉讼', href: (id) => `/admin/appeals/${id}` },
  },
  fields: {
    channel: '申请方式',
    source: '来源',
    applicantType: '申请人类型',
    regime: '适用条例',
    arrivedOn: '到达日期',
    receivedOn: '收到日期',
    due: '答复期限',
    baseDays: '答复期限（工作日）',
    outcome: '答复结果',
    case: '情形',
    basis: '依据',
    number: '文号',
    late: '逾期答复',
    warnings: '提示',
    days: '天数',
    endsOn: '截止日期',
    items: '补正事项',
  },
  values: { state: STATE_LABELS, channel: CHANNEL_LABELS, applicantType: APPLICANT_TYPE_LABELS },
};
