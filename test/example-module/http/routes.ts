import { defineRoutes, formBody, formCommand } from '../../../src/platform/web/kit.ts';
import { execute } from '../../../src/platform/command.ts';
import { html } from '../../../src/platform/web/html.ts';
import { adminPage } from '../../../src/platform/web/layout.ts';
import { postForm, textField } from '../../../src/platform/web/components.ts';
import { addNote } from '../index.ts';

/** The example module's one page: a list and a form (the house's five-line route shape). */
export const exampleRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/admin/example',
      action: 'example.note',
      handler: async (req, reply) => {
        const notes = await req.ctx.db.selectFrom('example_notes').selectAll().orderBy('id').execute();
        return reply.page(
          adminPage(
            req.view,
            { title: '示例记录' },
            html`<h1>示例记录</h1><ul>${notes.map((n) => html`<li>${n.text}</li>`)}</ul>
${postForm('/admin/example', req.view.csrf(), html`${textField({ name: 'text', label: '内容', value: '' })}<button class="btn">登记</button>`)}`,
          ),
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/example',
      action: 'example.note',
      handler: async (req, reply) => {
        const body = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, addNote, { orgId: 1, text: body.text }),
          (errors) => reply.code(400).page(adminPage(req.view, { title: '示例记录' }, html`<p>${Object.values(errors).join('；')}</p>`)),
        );
        return r.ok ? reply.done('/admin/example', '已登记') : reply;
      },
    },
  ]);
