// The officers' console in a real browser: Debian's Chromium driven by playwright-core.
//
// A fresh data directory, two accounts made with `tipline officer add`, three tips sent
// through the public web form, then one officer's day: first sign-in with the one-time
// password, a new password, TOTP set up and used, the most urgent tip opened, its
// personal data revealed, assigned, noted, closed with an outcome, and the monthly report.
// A second officer (an admin) signs in alongside in a context of its own and reads the
// closed tip back. Selectors go through roles and labels, so they check that the pages
// can be worked with a keyboard and a screen reader as well.
//
// On a failing step a screenshot goes to tests/browser/artifacts/<step>.png (its path is
// printed) together with the server's log, and the test fails.
//
//   TIPLINE_BINARY   the built tipline executable (default build/gateway/tipline, relative
//                    to the repository root)
//   TIPLINE_BROWSER  the browser (default /usr/bin/chromium)
//   TIPLINE_KEEP_TMP set to keep the temporary config and data directory (path printed)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const binary = resolve(repo, process.env.TIPLINE_BINARY || 'build/gateway/tipline');
const browserPath = process.env.TIPLINE_BROWSER || '/usr/bin/chromium';
const artifacts = join(here, 'artifacts');

const STEP_TIMEOUT_MS = 15_000;
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

// ---- TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) ---------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

// RFC 6238 Appendix B, SHA-1 row, truncated to 6 digits: proves the helper before it is trusted.
assert.equal(totpCode(Buffer.from('12345678901234567890'), Math.floor(59 / 30)), '287082');
assert.equal(totpCode(Buffer.from('12345678901234567890'), Math.floor(1111111109 / 30)), '081804');

// ---- the server ----------------------------------------------------------------------

function cli(args) {
  const run = spawnSync(binary, args, { encoding: 'utf8', timeout: STEP_TIMEOUT_MS });
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(`tipline ${args.join(' ')} exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

function startServer(config, data) {
  const child = spawn(binary, ['serve', '--config', config, '--data', data, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const port = new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within ${STEP_TIMEOUT_MS} ms:\n${log.join('')}`)),
                             STEP_TIMEOUT_MS);
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log.push(chunk);
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /listening.*\bport=(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      }
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => log.push(chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tipline serve exited (${code ?? signal}) before listening:\n${log.join('')}`));
    });
  });
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return { child, port, log, exited };
}

async function stopServer(server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

// ---- the run -------------------------------------------------------------------------

// Local date (the ward's clock, UTC+7) `days` from now, as <input type=date> wants it.
function wardDate(days) {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

// Dealing at a named school (a landmark of webhook-config/ward.json) with a "happening now"
// cue ("đang giao"): triage marks it urgent. Without the school's name and the cue the
// same sentence is only "normal" (see triage/RULES.md, "Priority").
const URGENT_TIP = {
  what: 'Đang có người bán ma túy đá ngay trước cổng trường THCS Nguyễn Du, đang giao hàng cho học sinh, gọi số 0912 345 678',
  where: 'Cổng trường THCS Nguyễn Du',
  when: 'Ngay bây giờ',
};
const PHONE = '0912 345 678';
const ORDINARY_TIPS = [
  { what: 'Tối nào cũng có mấy thanh niên tụ tập hút thuốc lá điện tử có mùi lạ ở cuối hẻm.', where: 'Cuối hẻm 12', when: 'Các tối cuối tuần' },
  { what: 'Nhà bên cạnh hay có người lạ ra vào lúc nửa đêm, nghi là sử dụng ma túy.', where: 'Gần chợ', when: 'Tuần trước' },
];

const officers = {
  officer: { username: 'minh.tran', name: 'Trần Văn Minh', role: 'officer', password: 'Đêm-trăng-sáng-1975!', context: null, page: null },
  admin: { username: 'lan.nguyen', name: 'Nguyễn Thị Lan', role: 'admin', password: 'Sông-Hồng-chảy-mãi-42', context: null, page: null },
};

let workDir;
let server;
let base;
let browser;
let failed = false;
const references = { urgent: null, ordinary: [] };
const NOTE = 'Đã phối hợp tuần tra trước cổng trường lúc tan học.';

// Runs one step; on failure saves a screenshot of `page` and the server log, then rethrows.
async function step(t, name, page, body) {
  if (failed) {
    t.skip('an earlier step failed');
    return;
  }
  try {
    await body();
  } catch (error) {
    failed = true;
    mkdirSync(artifacts, { recursive: true });
    if (page && !page.isClosed()) {
      const shot = join(artifacts, `${name}.png`);
      try {
        await page.screenshot({ path: shot, fullPage: true, timeout: 5_000 });
        console.error(`[browser-test] step "${name}" failed at ${page.url()}; screenshot: ${shot}`);
      } catch (shotError) {
        console.error(`[browser-test] step "${name}" failed; no screenshot: ${shotError.message}`);
      }
    }
    if (server) {
      const logFile = join(artifacts, 'server.log');
      writeFileSync(logFile, server.log.join(''));
      console.error(`[browser-test] server log: ${logFile}`);
    }
    throw error;
  }
}

async function signInWithPassword(page, who, password) {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(who.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('officers console in Chromium', { concurrency: false }, () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'tipline-browser-'));
    // The example config beside the ward, rules and model files it names (relative to itself).
    const configDir = join(workDir, 'config');
    mkdirSync(configDir);
    for (const file of ['tipline.example.json', 'ward.json', 'triage-rules.json', 'triage-model.bin'])
      copyFileSync(join(repo, 'webhook-config', file), join(configDir, file));
    const config = join(configDir, 'tipline.example.json');
    const data = join(workDir, 'data');
    cli(['init', '--config', config, '--data', data]);
    for (const who of Object.values(officers)) {
      const out = cli(['officer', 'add', who.username, '--name', who.name, '--role', who.role,
                       '--config', config, '--data', data]);
      const m = new RegExp(`one-time password for ${who.username.replace('.', '\\.')}: (\\S+)`).exec(out);
      assert.ok(m, `no one-time password in: ${out}`);
      who.oneTime = m[1];
    }
    server = startServer(config, data);
    base = `https://127.0.0.1:${await server.port}`;
    browser = await chromium.launch({ executablePath: browserPath, args: BROWSER_ARGS, timeout: STEP_TIMEOUT_MS });
    for (const who of Object.values(officers)) {
      who.context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'vi-VN' });
      who.context.setDefaultTimeout(STEP_TIMEOUT_MS);
      who.page = await who.context.newPage();
    }
  }, { timeout: 60_000 });

  after(async () => {
    if (browser) await browser.close().catch(() => {});
    let ended = { code: 0 };
    if (server) ended = await stopServer(server);
    if (workDir && !process.env.TIPLINE_KEEP_TMP) rmSync(workDir, { recursive: true, force: true });
    else if (workDir) console.error(`[browser-test] kept ${workDir}`);
    // A server that does not stop cleanly on SIGTERM fails the run, as it would a deploy.
    if (ended.code !== 0) {
      throw new Error(`tipline serve ended with ${ended.code ?? ended.signal} after SIGTERM:\n${server.log.join('')}`);
    }
  }, { timeout: 30_000 });

  it('residents send three tips through the web form', { timeout: 60_000 }, async (t) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await step(t, 'seed-tips', page, async () => {
        for (const [kind, tip] of [['ordinary', ORDINARY_TIPS[0]], ['urgent', URGENT_TIP], ['ordinary', ORDINARY_TIPS[1]]]) {
          await page.goto(`${base}/`);
          await page.getByLabel('Bạn thấy gì?').fill(tip.what);
          await page.getByLabel('Ở đâu?').fill(tip.where);
          await page.getByLabel('Khi nào?').fill(tip.when);
          await page.getByRole('button', { name: 'Gửi tin báo' }).click();
          await page.getByRole('heading', { name: 'Đã nhận tin báo của bạn' }).waitFor();
          const reference = (await page.locator('strong.ref').textContent()).trim();
          assert.match(reference, /^TL-\d{4}-\d{4,}$/);
          if (kind === 'urgent') references.urgent = reference;
          else references.ordinary.push(reference);
        }
      });
    } finally {
      await context.close();
    }
  });

  it('first sign-in with the one-time password asks for a new password', { timeout: 60_000 }, async (t) => {
    for (const who of Object.values(officers)) {
      const page = who.page;
      await step(t, `first-sign-in-${who.role}`, page, async () => {
        await signInWithPassword(page, who, who.oneTime);
        await page.waitForURL(/\/admin\/password$/);
        await page.getByLabel('Mật khẩu hiện tại').fill(who.oneTime);
        await page.getByLabel('Mật khẩu mới', { exact: true }).fill(who.password);
        await page.getByLabel('Nhập lại mật khẩu mới').fill(who.password);
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.waitForURL(/\/admin\/queue/);
        await page.getByRole('heading', { name: 'Hàng đợi tin báo' }).waitFor();
      });
    }
  });

  it('TOTP is set up from the secret on /admin/totp', { timeout: 60_000 }, async (t) => {
    for (const who of Object.values(officers)) {
      const page = who.page;
      await step(t, `totp-setup-${who.role}`, page, async () => {
        await page.goto(`${base}/admin/totp`);
        const shown = await page.locator('#totp-secret').textContent();
        assert.match(shown.trim(), /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'secret shown in groups of four');
        who.secret = base32Decode(shown);
        assert.equal(who.secret.length, 20);
        who.setupStep = totpStep();
        await page.getByLabel('Mã từ ứng dụng').fill(totpCode(who.secret, who.setupStep));
        await page.getByRole('button', { name: 'Bật' }).click();
        await page.waitForURL(/\/admin\/queue/);
        await page.goto(`${base}/admin/totp`);
        await page.getByText('Đã bật.').waitFor();
      });
    }
  });

  it('sign out, then sign in again with password and code', { timeout: 90_000 }, async (t) => {
    for (const who of Object.values(officers)) {
      const page = who.page;
      await step(t, `sign-out-${who.role}`, page, async () => {
        await page.getByRole('button', { name: /^Đăng xuất/ }).click();
        await page.waitForURL(/\/admin\/login$/);
        await page.goto(`${base}/admin/queue`);
        await page.waitForURL(/\/admin\/login$/);  // the session is gone
      });
    }
    for (const who of Object.values(officers)) {
      const page = who.page;
      await step(t, `sign-in-with-code-${who.role}`, page, async () => {
        await signInWithPassword(page, who, who.password);
        await page.waitForURL(/\/admin\/login\/code$/);
        // The code used at setup is spent: wait for the next 30-second step.
        const nextStepAt = (who.setupStep + 1) * 30_000;
        if (Date.now() < nextStepAt) await new Promise((r) => setTimeout(r, nextStepAt - Date.now() + 250));
        await page.getByLabel('Mã', { exact: true }).fill(totpCode(who.secret, totpStep()));
        await page.getByRole('button', { name: 'Xác nhận' }).click();
        await page.waitForURL(/\/admin\/queue/);
        await page.getByRole('heading', { name: 'Hàng đợi tin báo' }).waitFor();
      });
    }
  });

  it('the queue puts the urgent tip first, with personal data hidden', { timeout: 30_000 }, async (t) => {
    const page = officers.officer.page;
    await step(t, 'queue-most-urgent', page, async () => {
      await page.goto(`${base}/admin/queue`);
      const rows = page.locator('table.queue tbody tr');
      assert.equal(await rows.count(), 3);
      const first = rows.first();
      assert.equal((await first.getByRole('link').first().textContent()).trim(), references.urgent);
      assert.equal((await first.locator('[class^="p-"]').textContent()).trim(), 'Khẩn', 'urgent priority');
      const queueText = await page.locator('table.queue').textContent();
      assert.ok(!queueText.includes(PHONE), 'no phone number in the queue');
      assert.ok((await first.textContent()).includes('[số điện thoại]'), 'the preview shows a placeholder');
      await first.getByRole('link', { name: references.urgent }).click();
      await page.getByRole('heading', { name: new RegExp(references.urgent) }).waitFor();
    });
  });

  it('reveal shows the phone number', { timeout: 30_000 }, async (t) => {
    const page = officers.officer.page;
    await step(t, 'reveal', page, async () => {
      const before = await page.locator('main').textContent();
      assert.ok(before.includes('[số điện thoại]'), 'phone placeholder shown');
      assert.ok(!before.includes(PHONE), 'phone hidden before reveal');
      await page.getByRole('button', { name: /Hiện thông tin cá nhân/ }).click();
      await page.getByText(PHONE).first().waitFor();
    });
  });

  it('assign to oneself with a deadline, add a note, close with an outcome', { timeout: 45_000 }, async (t) => {
    const who = officers.officer;
    const page = who.page;
    const deadline = wardDate(2);
    await step(t, 'assign', page, async () => {
      await page.getByLabel('Cán bộ phụ trách').selectOption({ label: who.name });
      await page.getByLabel('Hạn xử lý').fill(deadline);
      await page.getByRole('button', { name: 'Giao', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
      const [y, m, d] = deadline.split('-');
      const summary = await page.locator('main > p').filter({ hasText: 'Cán bộ:' }).textContent();
      assert.ok(summary.includes(who.name), `assignee shown: ${summary}`);
      assert.ok(summary.includes(`${d}/${m}/${y} 23:59`), `deadline shown: ${summary}`);
      assert.ok(!(await page.locator('main').textContent()).includes(PHONE), 'personal data hidden again after a change');
    });
    await step(t, 'note', page, async () => {
      await page.getByLabel('Ghi chú (người báo tin không thấy)').fill(NOTE);
      await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
      await page.getByText(`${who.name}: ${NOTE}`).waitFor();
    });
    await step(t, 'close', page, async () => {
      await page.getByLabel('Trạng thái', { exact: true }).selectOption({ label: 'Đã đóng' });
      await page.getByLabel('Kết quả (bắt buộc khi đóng)').selectOption({ label: 'Xử phạt hành chính' });
      await page.getByRole('button', { name: 'Cập nhật' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
      const meta = await page.locator('main p.meta').first().textContent();
      assert.ok(meta.startsWith('Đã đóng'), `status shown: ${meta}`);
      await page.getByText('Kết quả: Xử phạt hành chính').waitFor();
    });
  });

  it('another officer sees the closed tip with its note and outcome', { timeout: 30_000 }, async (t) => {
    const page = officers.admin.page;
    await step(t, 'closed-tip-seen-by-admin', page, async () => {
      await page.goto(`${base}/admin/queue`);
      assert.equal(await page.locator('table.queue tbody tr').count(), 2, 'the closed tip left the open queue');
      await page.getByRole('combobox', { name: /^Trạng thái/ }).selectOption({ label: 'Đã đóng' });
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/status=closed/);
      await page.getByRole('link', { name: references.urgent }).click();
      await page.getByText('Kết quả: Xử phạt hành chính').waitFor();
      await page.getByText(`${officers.officer.name}: ${NOTE}`).waitFor();
    });
  });

  it('the monthly report opens with a chart', { timeout: 30_000 }, async (t) => {
    const page = officers.officer.page;
    await step(t, 'report', page, async () => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/report'),
        page.getByRole('link', { name: 'Báo cáo tháng' }).click(),
      ]);
      assert.equal(response.status(), 200, 'report status');
      await page.waitForLoadState('load');
      assert.match(await page.content(), /<svg/, 'report has an <svg> chart');
      mkdirSync(artifacts, { recursive: true });
      const shot = join(artifacts, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`[browser-test] report screenshot: ${shot}`);
    });
  });

  it('the queue fits a phone screen without sideways scrolling', { timeout: 30_000 }, async (t) => {
    const page = await officers.officer.context.newPage();
    try {
      await page.setViewportSize({ width: 375, height: 740 });
      await step(t, 'phone-queue', page, async () => {
        await page.goto(`${base}/admin/queue`);
        await page.getByRole('heading', { name: 'Hàng đợi tin báo' }).waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 375 + 1, `page is ${width}px wide on a 375px screen`);
      });
    } finally {
      await page.close();
    }
  });
});
