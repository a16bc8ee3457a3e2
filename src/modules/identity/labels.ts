import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';
import { ROLE_LABELS } from '../../platform/authz/roles.ts';

/** How account entries read (issue 15, item 8). */
export const identityAudit: AuditVocabulary = {
  actions: {
    'identity.login': '登录',
    'identity.logout': '退出登录',
    'identity.login-failed': '登录失败',
    'identity.login-throttled': '登录过于频繁被暂缓',
    'identity.locked': '账户被锁定',
    'identity.change-own-password': '修改本人密码',
    'users.add': '新增账户',
    'users.grant': '授予角色',
    'users.revoke': '收回角色',
    'users.set-password': '重设密码',
    'users.unlock': '解除锁定',
    'users.disable': '停用账户',
    'users.enable': '启用账户',
  },
  subjects: {
    user: {
      label: '账户',
      async titles(db, ids) {
        const rows = await db
          .selectFrom('users')
          .select(['id', 'username', 'display_name'])
          .where('id', 'in', ids.map(Number).filter(Number.isInteger))
          .execute();
        return new Map(rows.map((r) => [String(r.id), `${r.display_name}（${r.username}）`]));
      },
      href: (id) => `/admin/users/${id}`,
    },
  },
  fields: { address: '网络地址', failures: '失败次数', until: '锁定至', disabled: '已停用' },
  values: { role: ROLE_LABELS },
};
