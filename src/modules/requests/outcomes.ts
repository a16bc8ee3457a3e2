import { ValidationError } from '../../kernel/errors.ts';
import { formatCitation, type Citation, type Regime } from './regimes.ts';

export { formatCitation, citationPlace, type Citation } from './regimes.ts';

/**
 * How a disclosure request ends, as data (docs: /work/shared/domain/disclosure.md §4, §6.1, §6.3).
 *
 * 2019 regime: exactly the 21 leaf rows of report table 三 of 国办公开办函〔2021〕30号, each grounded
 * in the article of the 2019 条例 that national guidance maps it to. Every request ends with one of
 * them; a request partly disclosed and partly withheld counts only as 部分公开.
 * 2008 regime: the eight categories of the old table's 申请答复数 (国办发〔2014〕32号 system), with
 * 不同意公开 split into its six reasons — 13 leaves.
 *
 * Keys are stable ASCII (stored in the database); labels are exactly as the tables print them.
 * Letter texts use `{占位}` placeholders the clerk fills (see `fillLetter`).
 */
export interface LetterVariant {
  /** Stable ASCII, unique within the outcome. */
  case: string;
  /** When this wording applies, for the clerk choosing it. */
  when: string;
  basis: Citation[];
  text: string;
}

export interface Outcome {
  regime: Regime;
  key: string;
  /** Exactly as printed in the report table (2019: 国办公开办函〔2021〕30号 table 三). */
  label: string;
  /** The parent row: 2019 "（三）不予公开"; 2008 "4、不同意公开答复数". */
  group: string;
  /** Where it is counted: 2019 "三（三）1"; 2008 (old table) "三（三）4". */
  reportRow: string;
  /** The report row's own text (2008 rows end in 数). */
  reportRowLabel: string;
  /** Every article any of its wordings rests on. Empty when the 条例 has no article for it. */
  basis: Citation[];
  /** Why `basis` is empty or what else grounds it. */
  basisNote?: string;
  /** The usual wording (= letters[0].text). */
  letter: string;
  /** At least one: the first is the usual wording. */
  letters: [LetterVariant, ...LetterVariant[]];
}

/**
 * The 21 final outcomes of 2019 条例第三十六条至第三十九条, in the order of the annual report's table
 * 三 (rows 三（一）…（六）3): the one list of them — the report formats reference it.
 */
export const OUTCOME_KEYS_2019 = [
  'disclose',
  'partial',
  'refuse_state_secret',
  'refuse_law_forbids',
  'refuse_three_security',
  'refuse_third_party',
  'refuse_internal_affairs',
  'refuse_process_info',
  'refuse_enforcement_file',
  'refuse_administrative_query',
  'unable_not_held',
  'unable_needs_creation',
  'unable_unclear_after_correction',
  'decline_petition',
  'decline_repeat',
  'decline_publication',
  'decline_mass_requests',
  'decline_confirm_reissue',
  'other_no_correction',
  'other_fee_unpaid',
  'other',
] as const;

export type OutcomeKey2019 = (typeof OUTCOME_KEYS_2019)[number];

export type OutcomeKey2008 =
  | 'already_public'
  | 'disclose'
  | 'partial'
  | 'refuse_state_secret'
  | 'refuse_commercial_secret'
  | 'refuse_privacy'
  | 'refuse_security_stability'
  | 'refuse_not_government_information'
  | 'refuse_other_law'
  | 'not_this_agency'
  | 'not_exist'
  | 'correction'
  | 'other_route';

// ───────────────────────────── 2019 ─────────────────────────────

const c19 = (article: number, paragraph?: number, item?: number): Citation => ({
  regime: '2019',
  article,
  ...(paragraph !== undefined ? { paragraph } : {}),
  ...(item !== undefined ? { item } : {}),
});
/** 2019 条例第三十六条第（n）项 */
const a36 = (item: number): Citation => c19(36, undefined, item);
const by = (basis: Citation[]) => `根据${formatCitation(basis)}的规定`;

type Def = Omit<Outcome, 'regime' | 'basis' | 'letter' | 'reportRowLabel'> & { reportRowLabel?: string };

/** 2019 条例第三十六条第（三）项：决定不予公开的，告知申请人不予公开并说明理由 — with the exemption article. */
function refusal19(key: OutcomeKey2019, item: number, label: string, exemption: Citation, finding: string): Def {
  const basis = [exemption, a36(3)];
  return {
    key,
    label,
    group: '（三）不予公开',
    reportRow: `三（三）${item}`,
    letters: [{ case: 'refuse', when: label, basis, text: `经审查，${finding}。${by(basis)}，本机关决定不予公开。` }],
  };
}

const DEFS_2019: Def[] = [
  {
    key: 'disclose',
    label: '予以公开',
    group: '（一）予以公开',
    reportRow: '三（一）',
    letters: [
      {
        case: 'already_public',
        when: '所申请公开信息已经主动公开',
        basis: [a36(1)],
        text: `您申请公开的政府信息已经主动公开。${by([a36(1)])}，现告知您获取该政府信息的方式、途径：{获取方式途径}。`,
      },
      {
        case: 'disclosable',
        when: '所申请公开信息可以公开',
        basis: [a36(2)],
        text: `您申请公开的政府信息属于可以公开的政府信息。${by([a36(2)])}，{提供方式}。`,
      },
    ],
  },
  {
    key: 'partial',
    label: '部分公开（区分处理的，只计这一情形，不计其他情形）',
    group: '（二）部分公开',
    reportRow: '三（二）',
    letters: [
      {
        case: 'partial',
        when: '含有不应当公开或者不属于政府信息的内容，能够作区分处理',
        basis: [c19(37)],
        text: `您申请公开的信息中含有不应当公开或者不属于政府信息的内容（{不予公开部分}），理由：{不予公开理由}。该信息能够作区分处理，${by([c19(37)])}，本机关向您提供可以公开的政府信息内容：{提供方式}。`,
      },
    ],
  },
  // 2019 条例第十四条：国家秘密 / 法律、行政法规禁止公开 / 危及国家安全、公共安全、经济安全、社会稳定
  refusal19('refuse_state_secret', 1, '属于国家秘密', c19(14), '您申请公开的政府信息属于依法确定为国家秘密的政府信息'),
  refusal19('refuse_law_forbids', 2, '其他法律行政法规禁止公开', c19(14), '您申请公开的政府信息属于{法律、行政法规名称及条款}禁止公开的政府信息'),
  refusal19('refuse_three_security', 3, '危及“三安全一稳定”', c19(14), '您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定'),
  // 2019 条例第十五条：涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害（征求意见：第三十二条）
  refusal19('refuse_third_party', 4, '保护第三方合法权益', c19(15), '您申请公开的政府信息涉及{商业秘密、个人隐私等}，公开会对第三方合法权益造成损害'),
  // 2019 条例第十六条第一款：人事管理、后勤管理、内部工作流程等内部事务信息
  refusal19(
    'refuse_internal_affairs',
    5,
    '属于三类内部事务信息',
    c19(16, 1),
    '您申请公开的政府信息属于行政机关的内部事务信息（{人事管理、后勤管理、内部工作流程}）',
  ),
  // 2019 条例第十六条第二款：讨论记录、过程稿、磋商信函、请示报告等过程性信息
  refusal19(
    'refuse_process_info',
    6,
    '属于四类过程性信息',
    c19(16, 2),
    '您申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息（{讨论记录、过程稿、磋商信函、请示报告}）',
  ),
  // 2019 条例第十六条第二款：行政执法案卷信息
  refusal19('refuse_enforcement_file', 7, '属于行政执法案卷', c19(16, 2), '您申请公开的政府信息属于行政执法案卷信息'),
  {
    // 2019 条例第三十六条第（七）项：工商、不动产登记资料等，有关法律、行政法规对获取有特别规定
    key: 'refuse_administrative_query',
    label: '属于行政查询事项',
    group: '（三）不予公开',
    reportRow: '三（三）8',
    letters: [
      {
        case: 'special_law',
        when: '工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定',
        basis: [a36(7)],
        text: `您申请公开的信息属于{工商、不动产登记资料等}信息，有关法律、行政法规对该信息的获取有特别规定。${by([a36(7)])}，请您依照{有关法律、行政法规}的规定办理。`,
      },
    ],
  },
  {
    key: 'unable_not_held',
    label: '本机关不掌握相关政府信息',
    group: '（四）无法提供',
    reportRow: '三（四）1',
    letters: [
      {
        // 2019 条例第三十六条第（四）项
        case: 'not_exist',
        when: '经检索没有所申请公开信息',
        basis: [a36(4)],
        text: `经检索，本机关没有您申请公开的信息。${by([a36(4)])}，告知您该政府信息不存在。`,
      },
      {
        // 2019 条例第三十六条第（五）项
        case: 'not_this_agency',
        when: '所申请公开信息不属于本机关负责公开',
        basis: [a36(5)],
        text: `您申请公开的信息不属于本机关负责公开，理由：{理由}。${by([a36(5)])}，告知您负责公开该政府信息的行政机关为{机关名称}，联系方式：{联系方式}。`,
      },
    ],
  },
  {
    // 2019 条例第三十八条：需要对现有政府信息进行加工、分析的，可以不予提供
    key: 'unable_needs_creation',
    label: '没有现成信息需要另行制作',
    group: '（四）无法提供',
    reportRow: '三（四）2',
    letters: [
      {
        case: 'needs_processing',
        when: '需要对现有政府信息进行加工、分析',
        basis: [c19(38)],
        text: `您申请公开的信息需要本机关对现有政府信息进行加工、分析方能形成。${by([c19(38)])}，本机关不予提供。`,
      },
    ],
  },
  {
    // 2019 条例第三十条：补正后仍不明确 → 无法提供（disclosure.md §3）
    key: 'unable_unclear_after_correction',
    label: '补正后申请内容仍不明确',
    group: '（四）无法提供',
    reportRow: '三（四）3',
    letters: [
      {
        case: 'unclear',
        when: '已一次性告知补正，补正后申请内容仍不明确',
        basis: [c19(30)],
        text: `本机关已依照${formatCitation(c19(30))}的规定，于{补正告知日期}一次性告知您作出补正。您补正后的申请内容仍不明确，本机关无法确定您所申请的政府信息，无法提供。`,
      },
    ],
  },
  {
    // 2019 条例第三十九条第一款：以申请形式进行信访、投诉、举报
    key: 'decline_petition',
    label: '信访举报投诉类申请',
    group: '（五）不予处理',
    reportRow: '三（五）1',
    letters: [
      {
        case: 'petition',
        when: '以政府信息公开申请的形式进行信访、投诉、举报等活动',
        basis: [c19(39, 1)],
        text: `您以政府信息公开申请的形式进行{信访、投诉、举报}等活动。${by([c19(39, 1)])}，本机关不作为政府信息公开申请处理，您可以通过{相应渠道}提出。`,
      },
    ],
  },
  {
    // 2019 条例第三十六条第（六）项：已作出答复，重复申请公开相同政府信息
    key: 'decline_repeat',
    label: '重复申请',
    group: '（五）不予处理',
    reportRow: '三（五）2',
    letters: [
      {
        case: 'repeat',
        when: '本机关已作出答复，申请人重复申请公开相同政府信息',
        basis: [a36(6)],
        text: `本机关已于{原答复日期}就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息。${by([a36(6)])}，本机关不予重复处理。`,
      },
    ],
  },
  {
    // 2019 条例第三十九条第二款：要求提供政府公报、报刊、书籍等公开出版物
    key: 'decline_publication',
    label: '要求提供公开出版物',
    group: '（五）不予处理',
    reportRow: '三（五）3',
    letters: [
      {
        case: 'publication',
        when: '要求提供政府公报、报刊、书籍等公开出版物',
        basis: [c19(39, 2)],
        text: `您申请提供的是{政府公报、报刊、书籍等}公开出版物。${by([c19(39, 2)])}，告知您获取的途径：{获取途径}。`,
      },
    ],
  },
  {
    // 2019 条例第三十五条：数量、频次明显超过合理范围，理由不合理的，告知不予处理
    key: 'decline_mass_requests',
    label: '无正当理由大量反复申请',
    group: '（五）不予处理',
    reportRow: '三（五）4',
    letters: [
      {
        case: 'excessive',
        when: '申请数量、频次明显超过合理范围，经要求说明理由，理由不合理',
        basis: [c19(35)],
        text: `您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由，{对理由的认定}，本机关认为申请理由不合理。${by([c19(35)])}，本机关不予处理。`,
      },
    ],
  },
  {
    key: 'decline_confirm_reissue',
    label: '要求行政机关确认或重新出具已获取信息',
    group: '（五）不予处理',
    reportRow: '三（五）5',
    basisNote: '条例无对应条款；该情形依国办公开办函〔2021〕30号年度报告格式列为不予处理，告知书引用的依据请法制机构核定。',
    letters: [
      {
        case: 'confirm_reissue',
        when: '要求行政机关确认或重新出具已获取的信息',
        basis: [],
        text: '您要求本机关确认或重新出具您已获取的信息（{所涉信息}），该要求不属于获取政府信息的申请，本机关不作为政府信息公开申请处理。',
      },
    ],
  },
  {
    // 2019 条例第三十条：无正当理由逾期不补正的，视为放弃申请，不再处理
    key: 'other_no_correction',
    label: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    group: '（六）其他处理',
    reportRow: '三（六）1',
    letters: [
      {
        case: 'correction_lapsed',
        when: '补正期限届满，申请人无正当理由未补正',
        basis: [c19(30)],
        text: `本机关已于{补正告知日期}告知您在{补正期限}前作出补正，您无正当理由逾期未补正。${by([c19(30)])}，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
      },
    ],
  },
  {
    // 2019 条例第四十二条 + 国办函〔2020〕109号：收到收费通知的次日起20个工作日内未缴费，视为放弃申请
    key: 'other_fee_unpaid',
    label: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    group: '（六）其他处理',
    reportRow: '三（六）2',
    basisNote: '逾期未缴费视为放弃申请的规定见《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）。',
    letters: [
      {
        case: 'fee_unpaid',
        when: '收到收费通知的次日起20个工作日内未缴纳费用',
        basis: [c19(42)],
        text: `本机关已于{收费通知日期}向您发出收费通知，您未在收到收费通知的次日起20个工作日内缴纳费用。根据${formatCitation(c19(42))}和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
      },
    ],
  },
  {
    key: 'other',
    label: '其他',
    group: '（六）其他处理',
    reportRow: '三（六）3',
    basisNote: '兜底情形，依据视具体情况填写。',
    letters: [{ case: 'other', when: '以上情形之外的其他处理', basis: [], text: '{处理情况及依据}' }],
  },
];

// ───────────────────────────── 2008 ─────────────────────────────

const c08 = (article: number, paragraph?: number, item?: number): Citation => ({
  regime: '2008',
  article,
  ...(paragraph !== undefined ? { paragraph } : {}),
  ...(item !== undefined ? { item } : {}),
});
/** 2008 条例第二十一条第（n）项 */
const a21 = (item: number): Citation => c08(21, undefined, item);

/** 2008 条例第二十一条第（二）项：属于不予公开范围的，告知申请人并说明理由 — with the exemption. */
function refusal08(key: OutcomeKey2008, label: string, exemptions: Citation[], finding: string): Def {
  const basis = [...exemptions, a21(2)];
  return {
    key,
    label,
    group: '4、不同意公开答复数',
    reportRow: '三（三）4',
    reportRowLabel: `4、不同意公开答复数 其中：${label}`,
    letters: [{ case: 'refuse', when: label, basis, text: `经审查，${finding}。${by(basis)}，本机关不予公开。` }],
  };
}

const DEFS_2008: Def[] = [
  {
    // 2008 条例第二十一条第（一）项：属于公开范围的，告知获取的方式和途径
    key: 'already_public',
    label: '属于已主动公开范围',
    group: '（三）申请答复数',
    reportRow: '三（三）1',
    reportRowLabel: '1、属于已主动公开范围数',
    letters: [
      {
        case: 'already_public',
        when: '所申请信息已经主动公开',
        basis: [a21(1)],
        text: `您申请获取的政府信息属于本机关已主动公开的政府信息。${by([a21(1)])}，现告知您获取该政府信息的方式和途径：{获取方式和途径}。`,
      },
    ],
  },
  {
    // 2008 条例第二十一条第（一）项
    key: 'disclose',
    label: '同意公开',
    group: '（三）申请答复数',
    reportRow: '三（三）2',
    reportRowLabel: '2、同意公开答复数',
    letters: [
      {
        case: 'disclose',
        when: '所申请信息属于公开范围',
        basis: [a21(1)],
        text: `您申请获取的政府信息属于公开范围。${by([a21(1)])}，{提供方式或获取方式和途径}。`,
      },
    ],
  },
  {
    // 2008 条例第二十二条：含有不应当公开的内容，能够作区分处理
    key: 'partial',
    label: '同意部分公开',
    group: '（三）申请答复数',
    reportRow: '三（三）3',
    reportRowLabel: '3、同意部分公开答复数',
    letters: [
      {
        case: 'partial',
        when: '含有不应当公开的内容，能够作区分处理',
        basis: [c08(22)],
        text: `您申请获取的政府信息中含有不应当公开的内容（{不予公开部分及理由}），但能够作区分处理。${by([c08(22)])}，本机关向您提供可以公开的信息内容：{提供方式}。`,
      },
    ],
  },
  // 2008 条例第十四条第四款：不得公开涉及国家秘密、商业秘密、个人隐私的政府信息
  refusal08('refuse_state_secret', '涉及国家秘密', [c08(14, 4)], '您申请获取的政府信息涉及国家秘密'),
  // 2008 条例第十四条第四款 + 第二十三条（征求第三方意见，第三方不同意公开的，不得公开）
  refusal08('refuse_commercial_secret', '涉及商业秘密', [c08(14, 4), c08(23)], '您申请获取的政府信息涉及商业秘密，{权利人不同意公开的情况}'),
  refusal08('refuse_privacy', '涉及个人隐私', [c08(14, 4), c08(23)], '您申请获取的政府信息涉及个人隐私，{权利人不同意公开的情况}'),
  // 2008 条例第八条：公开政府信息，不得危及国家安全、公共安全、经济安全和社会稳定
  refusal08(
    'refuse_security_stability',
    '危及国家安全、公共安全、经济安全和社会稳定',
    [c08(8)],
    '您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全和社会稳定',
  ),
  // 2008 条例第二条：政府信息是行政机关在履行职责过程中制作或者获取的，以一定形式记录、保存的信息
  refusal08('refuse_not_government_information', '不是《条例》所指政府信息', [c08(2)], '您申请获取的信息不是《条例》所指的政府信息（{理由}）'),
  refusal08('refuse_other_law', '法律法规规定的其他情形', [], '您申请获取的政府信息属于{法律、法规名称及条款}规定不予公开的情形'),
  {
    // 2008 条例第二十一条第（三）项：依法不属于本行政机关公开的，告知；能够确定公开机关的，告知名称、联系方式
    key: 'not_this_agency',
    label: '不属于本行政机关公开',
    group: '（三）申请答复数',
    reportRow: '三（三）5',
    reportRowLabel: '5、不属于本行政机关公开数',
    letters: [
      {
        case: 'not_this_agency',
        when: '依法不属于本机关公开',
        basis: [a21(3)],
        text: `您申请获取的政府信息依法不属于本机关公开。${by([a21(3)])}，告知您该政府信息的公开机关为{机关名称}，联系方式：{联系方式}。`,
      },
    ],
  },
  {
    // 2008 条例第二十一条第（三）项：该政府信息不存在的，告知申请人
    key: 'not_exist',
    label: '申请信息不存在',
    group: '（三）申请答复数',
    reportRow: '三（三）6',
    reportRowLabel: '6、申请信息不存在数',
    letters: [
      {
        case: 'not_exist',
        when: '所申请信息不存在',
        basis: [a21(3)],
        text: `经检索，您申请获取的政府信息不存在。${by([a21(3)])}，特此告知。`,
      },
    ],
  },
  {
    // 2008 条例第二十一条第（四）项：申请内容不明确的，告知申请人作出更改、补充
    key: 'correction',
    label: '告知作出更改补充',
    group: '（三）申请答复数',
    reportRow: '三（三）7',
    reportRowLabel: '7、告知作出更改补充数',
    letters: [
      {
        case: 'correction',
        when: '申请内容不明确',
        basis: [a21(4)],
        text: `您的申请内容不明确（{需要更改、补充的事项}）。${by([a21(4)])}，请您作出更改、补充。`,
      },
    ],
  },
  {
    key: 'other_route',
    label: '告知通过其他途径办理',
    group: '（三）申请答复数',
    reportRow: '三（三）8',
    reportRowLabel: '8、告知通过其他途径办理数',
    basisNote: '2008年条例无对应条款；该情形依旧统计表口径列示，告知书引用的依据请法制机构核定。',
    letters: [
      {
        case: 'other_route',
        when: '应当通过其他途径办理的事项',
        basis: [],
        text: '您的申请事项（{申请事项}）不属于政府信息公开申请的处理范围，请您通过{其他途径}办理。',
      },
    ],
  },
];

function build(regime: Regime, defs: Def[]): readonly Outcome[] {
  return Object.freeze(
    defs.map((d) => {
      const seen = new Set<string>();
      const basis: Citation[] = [];
      for (const v of d.letters)
        for (const c of v.basis) {
          const k = `${c.article}.${c.paragraph ?? ''}.${c.item ?? ''}`;
          if (!seen.has(k)) {
            seen.add(k);
            basis.push(c);
          }
        }
      return Object.freeze({ ...d, regime, basis, letter: d.letters[0].text, reportRowLabel: d.reportRowLabel ?? d.label }) as Outcome;
    }),
  );
}

const OUTCOMES: Record<Regime, readonly Outcome[]> = { '2019': build('2019', DEFS_2019), '2008': build('2008', DEFS_2008) };

export function outcomesFor(regime: Regime): readonly Outcome[] {
  const list = OUTCOMES[regime];
  if (!list) throw ValidationError.field('regime', `未知的条例版本：${String(regime)}（应为 2008 或 2019）`);
  return list;
}

export function outcome(regime: '2019', key: OutcomeKey2019): Outcome;
export function outcome(regime: '2008', key: OutcomeKey2008): Outcome;
export function outcome(regime: Regime, key: string): Outcome;
export function outcome(regime: Regime, key: string): Outcome {
  const o = outcomesFor(regime).find((x) => x.key === key);
  if (!o) throw ValidationError.field('outcome', `${regime}年条例下没有答复情形“${key}”`);
  return o;
}

export function isOutcomeKey(regime: Regime, key: string): boolean {
  return outcomesFor(regime).some((x) => x.key === key);
}

/** The `{占位}` names a letter text needs. */
export function letterPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!))]; // group 1 is not optional
}

/**
 * Fill a wording's placeholders. Refuses to leave any unfilled, so a letter never goes out with
 * "{机关名称}" in it.
 */
export function fillLetter(text: string, values: Readonly<Record<string, string>>): string {
  const missing = letterPlaceholders(text).filter((k) => !values[k]?.trim());
  if (missing.length) throw new ValidationError(missing.map((k) => ({ field: k, message: '告知书缺少此项内容' })));
  return text.replace(/\{([^{}]+)\}/g, (_, k: string) => values[k]!); // every placeholder checked just above
}
