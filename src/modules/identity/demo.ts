import type { AppContext } from '../../platform/context.ts';
import type { Role } from '../../platform/authz/roles.ts';
import { execute } from '../../platform/command.ts';
import { findOrg } from '../orgs/index.ts';
import { addUser } from './commands/add-user.ts';
import { findUserByName } from './repo.ts';

/** The demo password every demo user shares. Printed at first start; change it before real use. */
export const DEMO_PASSWORD = 'Hongjiang@2016';

export const DEMO_USERS: Array<{ username: string; displayName: string; org: string; role: Role; scope: string; note: string }> = [
  { username: 'admin', displayName: '王建国', org: '洪江区管理委员会办公室', role: 'admin', scope: '洪江区管理委员会', note: '系统管理员' },
  { username: 'office', displayName: '李红梅', org: '洪江区政务公开政务服务办公室', role: 'office', scope: '洪江区管理委员会', note: '政务公开办' },
  { username: 'editor', displayName: '张晓燕', org: '洪江区管理委员会办公室', role: 'editor', scope: '洪江区管理委员会', note: '信息编辑' },
  { username: 'reviewer', displayName: '刘志强', org: '洪江区政务公开政务服务办公室', role: 'reviewer', scope: '洪江区管理委员会', note: '保密审查员' },
  { username: 'handler', displayName: '陈静', org: '洪江区政务公开政务服务办公室', role: 'handler', scope: '洪江区管理委员会', note: '依申请公开承办人' },
  { username: 'supervisor', displayName: '赵卫东', org: '洪江区监察局', role: 'supervisor', scope: '洪江区管理委员会', note: '监察人员' },
  { username: 'auditor', displayName: '周敏', org: '洪江区财政局', role: 'auditor', scope: '洪江区管理委员会', note: '审计员（只读）' },
  { username: 'window', displayName: '黄丽', org: '洪江区政务服务中心', role: 'window', scope: '洪江区管理委员会', note: '窗口人员' },
  { username: 'hall', displayName: '吴国平', org: '洪江区政务服务中心', role: 'hall_manager', scope: '洪江区管理委员会', note: '政务服务中心管理人员' },
  {
    username: 'changqing',
    displayName: '杨春花',
    org: '洪江区常青乡人民政府',
    role: 'handler',
    scope: '洪江区常青乡人民政府',
    note: '常青乡承办人（只看本乡及所属村）',
  },
];

export async function loadDemoUsers(ctx: AppContext): Promise<string[]> {
  const added: string[] = [];
  for (const u of DEMO_USERS) {
    if (await findUserByName(ctx.db, u.username)) continue;
    const org = await findOrg(ctx.db, u.org);
    const scope = await findOrg(ctx.db, u.scope);
    if (!org || !scope) throw new Error(`demo org missing for user ${u.username}`);
    await execute(ctx, addUser, {
      username: u.username,
      displayName: u.displayName,
      orgId: org.id,
      password: DEMO_PASSWORD,
      grants: [{ role: u.role, orgId: scope.id }],
    });
    added.push(u.username);
  }
  return added.length ? [`用户：新增 ${added.join('、')}`] : [];
}
