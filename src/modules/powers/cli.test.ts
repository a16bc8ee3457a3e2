import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoProcessDatabase, gongkai, type ProcessDb } from '../../../test/support/process.ts';
import type { TestApp } from '../../../test/support/app.ts';

/**
 * The CLI in its own process: `gongkai powers export` in the import layout, `gongkai powers import`
 * refusing a bad file by line and field with nothing written (exit 1), then taking a good one (each
 * run is a process of its own: kept to three, the machine is shared).
 */
let p: ProcessDb & { app: TestApp };
before(async () => {
  p = await demoProcessDatabase();
});
after(() => p?.drop());

const powers = async () =>
  Number(
    (
      await p.app.app.database.db
        .selectFrom('powers')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('export, a refused import (nothing written), a good import', { timeout: 300_000 }, async () => {
  const out = join(p.dir, 'powers.csv');
  const ex = await gongkai(p.env, 'powers', 'export', '--format', 'csv', '--out', out);
  assert.equal(ex.code, 0, ex.stderr);
  const text = readFileSync(out, 'utf8');
  assert.match(
    text,
    /^\uFEFF权力名称,职权类别,权力编码,实施主体,实施主体性质,设定依据,收费依据及标准,办理流程,办理时限,监督电话,所属部门,处置情况,处置日期,合并至\/下放至,下放方式,说明\r\n/,
  );
  assert.match(ex.stderr, /导出 \d+ 行/);

  const head = text.split('\r\n')[0];
  const bad = join(p.dir, 'bad.csv');
  writeFileSync(
    bad,
    `${head}\r\n新的检查事项,行政检查,CLI-1,洪江区商务局,法定机关,《中华人民共和国行政处罚法》第八条,,,,,洪江区商务局,新增,2026-11-01,,,\r\n另一事项,行政监督,CLI-2,洪江区商务局,法定机关,依据,,,,,洪江区商务局,新增,2026-11-01,,,\r\n`,
  );
  const n0 = await powers();
  const r1 = await gongkai(p.env, 'powers', 'import', bad);
  assert.equal(r1.code, 1, r1.stdout);
  assert.match(r1.stderr, /第3行 职权类别：职权类别“行政监督”不在类别表中/);
  assert.match(r1.stderr, /没有写入任何数据/);
  assert.equal(await powers(), n0);

  const good = join(p.dir, 'good.csv');
  writeFileSync(
    good,
    `${head}\r\n新的检查事项,行政检查,CLI-1,洪江区商务局,法定机关,《中华人民共和国行政处罚法》第八条,,,,,洪江区商务局,新增,2026-11-01,,,\r\n`,
  );
  const r2 = await gongkai(p.env, 'powers', 'import', good);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /导入 1 项权力、1 条处置记录/);
  assert.equal(await powers(), n0 + 1);
});
