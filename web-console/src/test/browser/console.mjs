// Drives the web console in Debian's chromium through playwright-core, as a person would: first-visit password,
// login, the pairing QR (decoded with jsQR from a canvas the image is drawn on), stopping pairing and opening a
// second window with a new code, a device switched in the DECT simulator showing up on the page without reload, a
// rename, the ISP Controller's refused request found with the log's filters, a grant and its revoke. Run by
// bridge-service's WebConsoleBrowserIT.
//
// Environment: CONSOLE_URL, SIMULATOR_URL (the DECT simulator's HTTP control), PASSWORD, PHASE (first|again),
// NEW_NAME, SCREENSHOTS (a directory), ISP_CONTROLLER (an ISP-Operations Controller's Endpoint ID), GRANT_TARGET (a
// Device.ProxiedDevice.{i}. path). Where the test checks the bridge over USP, the script prints
// "STEP <name> {json}" and waits for the test's answer on stdin, one JSON line ({"ok":true} or {"ok":false,
// "error":...}). Prints one line "RESULT {json}" and exits 0, or prints the error and exits 1.
import {chromium} from 'playwright-core';
import jsQR from 'jsqr';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const consoleUrl = process.env.CONSOLE_URL;
const simulatorUrl = process.env.SIMULATOR_URL;
const password = process.env.PASSWORD;
const phase = process.env.PHASE || 'first';
const newName = process.env.NEW_NAME || 'Hall lamp';
const screenshots = process.env.SCREENSHOTS;
const ispController = process.env.ISP_CONTROLLER || 'proto::isp-test';
const grantTarget = process.env.GRANT_TARGET || 'Device.ProxiedDevice.1.';
const answers = readline.createInterface({input: process.stdin})[Symbol.asyncIterator]();
const PHONE = {width: 390, height: 844};
const DESKTOP = {width: 1280, height: 800};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Lets the test check the bridge over USP at this point; its answer says whether the check passed.
async function step(name, data = {}) {
  console.log('STEP ' + name + ' ' + JSON.stringify(data));
  const {value, done} = await answers.next();
  check(!done, 'the test stopped answering at step ' + name);
  const answer = JSON.parse(value);
  check(answer.ok, `the test's check at step ${name} failed: ${answer.error}`);
  return answer;
}

async function shoot(page, name) {
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.screenshot({path: path.join(screenshots, `${phase}-${name}-${label}.png`), fullPage: true});
  }
  await page.setViewportSize(DESKTOP);
}

async function login(page) {
  await page.goto(consoleUrl + '/');
  await page.waitForURL(/\/login$/);
  await page.locator('#login').waitFor({state: 'visible'});
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(consoleUrl + '/'), page.click('#submit')]);
}

async function decodeQr(page) {
  await page.locator('#qr').waitFor({state: 'visible'});
  await page.waitForFunction(() => document.getElementById('qr').complete
    && document.getElementById('qr').naturalWidth > 0);
  const {width, height, data} = await page.evaluate(() => {
    const img = document.getElementById('qr');
    const size = 400;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.drawImage(img, 0, 0, size, size);
    return {width: size, height: size, data: Array.from(context.getImageData(0, 0, size, size).data)};
  });
  const code = jsQR(Uint8ClampedArray.from(data), width, height);
  check(code, 'the QR image does not decode');
  return code.data;
}

async function simulatorPlug() {
  const devices = await (await fetch(simulatorUrl + '/devices')).json();
  const plug = (devices.devices || devices).find(d => d.type === 'plug');
  check(plug, 'no plug in the simulator: ' + JSON.stringify(devices));
  return plug;
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-console-chromium-'));
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: DESKTOP,
});
const result = {phase};
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.setDefaultTimeout(15000);
  if (phase === 'first') {
    await page.goto(consoleUrl + '/');
    await page.waitForURL(/\/login$/);
    await page.locator('#confirm').waitFor({state: 'visible'});
    await shoot(page, 'first-visit');
    await page.fill('#password', password);
    await page.fill('#confirm', password);
    await Promise.all([page.waitForURL(consoleUrl + '/'), page.click('#submit')]);
    // Log out and in again: the login path, not only the first password.
    await page.click('#logout');
    await page.waitForURL(/\/login$/);
    await page.locator('#login').waitFor({state: 'visible'});
    await page.fill('#password', 'not the password');
    await page.click('#submit');
    await page.locator('#message').filter({hasText: /wrong password/}).waitFor();
    await shoot(page, 'login-refused');
    await page.waitForTimeout(1100);
    await login(page);

    result.qrPayload = await decodeQr(page);
    result.manualCode = (await page.textContent('#manual-code')).trim();
    const countdown = async () => {
      const match = /(\d+) min (\d+) s/.exec(await page.textContent('#countdown'));
      check(match, 'no countdown shown');
      return Number(match[1]) * 60 + Number(match[2]);
    };
    const firstReading = await countdown();
    await page.waitForTimeout(2100);
    const secondReading = await countdown();
    check(firstReading > 0 && secondReading < firstReading,
      `the countdown does not count down: ${firstReading} then ${secondReading}`);
    await shoot(page, 'pairing');

    // The household stops pairing, then opens a window for another home system: a code of its own.
    await page.click('#close-window');
    await page.locator('#no-window').waitFor({state: 'visible'});
    await page.locator('#open-window').waitFor({state: 'visible'});
    check(await page.locator('#window').isHidden(), 'the closed window still shows its code');
    await shoot(page, 'pairing-closed');
    await page.click('#open-window');
    await page.locator('#window').waitFor({state: 'visible'});
    await page.waitForFunction(old => document.getElementById('manual-code').textContent.trim() !== old,
      result.manualCode);
    result.secondQrPayload = await decodeQr(page);
    result.secondManualCode = (await page.textContent('#manual-code')).trim();
    check(result.secondQrPayload !== result.qrPayload, 'the second window shows the first QR code');
    await shoot(page, 'pairing-second-window');

    await page.click('#nav-devices');
    const plug = await simulatorPlug();
    result.deviceId = plug.coreId;
    const value = page.locator(`li[data-device="${plug.coreId}"] dd[data-key="onOff.on"]`);
    await value.waitFor();
    const before = (await value.textContent()).trim();
    await page.evaluate(() => { window.notReloaded = true; });
    const pressed = Date.now();
    const press = await fetch(`${simulatorUrl}/devices/${plug.id}/press`, {method: 'POST'});
    check(press.ok, 'the simulator refused the press: ' + press.status);
    await page.waitForFunction(([id, old]) => {
      const dd = document.querySelector(`li[data-device="${id}"] dd[data-key="onOff.on"]`);
      return dd && dd.textContent.trim() !== old;
    }, [plug.coreId, before], {timeout: 5000, polling: 'raf'});
    result.changeMs = Date.now() - pressed;
    result.before = before;
    result.after = (await value.textContent()).trim();
    check(await page.evaluate(() => window.notReloaded === true), 'the page was reloaded');
    await shoot(page, 'devices');

    const card = page.locator(`li[data-device="${plug.coreId}"]`);
    await card.locator('input[name=name]').fill(newName);
    await card.locator('form:has(input[name=name]) button[type=submit]').click();
    await page.locator(`li[data-device="${plug.coreId}"] h3`).filter({hasText: newName}).waitFor();
    result.renamed = newName;
    await step('renamed', {deviceId: plug.coreId, name: newName});
    result.renameInUsp = true;
    await page.locator(`li[data-device="${plug.coreId}"] input[name=room]`).fill('Hall');
    await page.locator(`li[data-device="${plug.coreId}"] form:has(input[name=room]) button[type=submit]`).click();
    await page.locator(`li[data-device="${plug.coreId}"] dd[data-key="room"]`).filter({hasText: 'Hall'}).waitFor();
    // Leave the plug out of Matter (kept across the restart, checked in the second phase).
    await page.locator(`li[data-device="${plug.coreId}"] button[name=matter]`).click();
    await page.locator(`li[data-device="${plug.coreId}"] dd[data-key="matter"]`).filter({hasText: 'left out'})
      .waitFor();
    result.leftOutOfMatter = true;
    // Add a Zigbee device: the bridge opens Zigbee2MQTT's permit_join and answers once it confirmed.
    await page.locator('#networks button[data-adapter="zigbee"]').click();
    const joined = page.locator('#join-message').filter({hasText: /accepts new devices until/});
    await joined.waitFor();
    result.zigbeeJoin = (await joined.textContent()).trim();
    await shoot(page, 'devices-zigbee-join');

    // Add a DECT device: a new device is refused while the base's registration window is closed; the page opens it
    // for 60 s (answered once the base confirmed) and counts down; a device added in the simulator then registers
    // and appears on the page without a reload.
    const addDect = () => fetch(`${simulatorUrl}/devices/add`, {method: 'POST', body: JSON.stringify({type: 'light'})});
    const refusedAdd = await addDect();
    result.dectAddWhileClosed = refusedAdd.status;
    result.dectAddWhileClosedError = (await refusedAdd.json()).error;
    await page.locator('#networks button[data-adapter="dect"]').click();
    const registering = page.locator('#join-message').filter({hasText: /DECT base confirmed/});
    await registering.waitFor();
    result.dectJoin = (await registering.textContent()).trim();
    const secondsLeft = async () => {
      const match = /\((\d+) s left/.exec(await page.textContent('#join-message'));
      check(match, 'no DECT countdown shown');
      return Number(match[1]);
    };
    const firstLeft = await secondsLeft();
    await page.waitForTimeout(2100);
    const secondLeft = await secondsLeft();
    check(firstLeft > 0 && secondLeft < firstLeft, `the DECT countdown does not count down: ${firstLeft} then ${secondLeft}`);
    result.dectCountdown = [firstLeft, secondLeft];
    const addedAt = Date.now();
    const added = await addDect();
    check(added.ok, 'the simulator refused the new DECT device with the window open: ' + added.status);
    const newDevice = await added.json();
    result.dectAddedId = newDevice.coreId;
    await page.locator(`li[data-device="${newDevice.coreId}"]`).waitFor({timeout: 10000});
    result.dectAppearedMs = Date.now() - addedAt;
    check(await page.evaluate(() => window.notReloaded === true), 'the page was reloaded');
    await shoot(page, 'devices-dect-registration');

    await page.click('#nav-privacy');
    await page.locator('#privacy-body').waitFor({state: 'visible'});
    result.logVerification = (await page.textContent('#log-verification')).trim();
    result.controllers = await page.locator('#controllers li').count();
    result.ispWords = (await page.locator(`#controllers li[data-controller="${ispController}"]`).textContent()).trim();

    // The ISP Controller's refused Get (the test sent it over USP before the browser started), found with the
    // log's filters: controller and decision, then operation and a time range that excludes it.
    const rows = page.locator('#log tbody tr');
    await page.fill('#log-filter', ispController);
    await page.selectOption('#log-decision', 'Denied');
    const denied = rows.filter({hasText: ispController}).first();
    await denied.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('#log tbody tr')]
      .every(tr => tr.dataset.decision === 'Denied'));
    result.deniedRow = (await denied.textContent()).trim();
    result.deniedDecision = await denied.getAttribute('data-decision');
    await page.selectOption('#log-operation', 'Get');
    await denied.waitFor();
    result.logCount = (await page.textContent('#log-count')).trim();
    await shoot(page, 'privacy-log-denied');
    await page.fill('#log-from', '2099-01-01T00:00');
    await page.locator('#log-count').filter({hasText: /^0 of \d+ entr(y|ies) match/}).waitFor();
    result.futureRows = await rows.count();
    await page.fill('#log-from', '');
    await page.selectOption('#log-decision', 'Allowed');
    await page.locator('#log-count').filter({hasText: /^0 of \d+ entr(y|ies) match/}).waitFor();
    result.allowedIspRows = await rows.count();
    await page.selectOption('#log-decision', 'Denied');
    await denied.waitFor();

    await page.fill('#grant-controller', ispController);
    await page.fill('#grant-target', grantTarget);
    await page.check('#class-STATE');
    await page.fill('#grant-reason', 'repair visit');
    await page.click('#grant-form button[type=submit]');
    const grantRow = page.locator('#grants tbody tr').filter({hasText: 'repair visit'});
    await grantRow.waitFor();
    result.grantShown = (await grantRow.textContent()).includes(ispController);
    await shoot(page, 'privacy');
    await step('granted', {controller: ispController, target: grantTarget});
    result.grantInUsp = true;
    await grantRow.locator('button').click();
    await grantRow.waitFor({state: 'detached'});
    result.grantRevoked = true;
    await step('revoked', {controller: ispController, target: grantTarget});
    result.revokeInUsp = true;
  } else {
    await login(page);
    await page.click('#nav-devices');
    const plug = await simulatorPlug();
    const heading = page.locator(`li[data-device="${plug.coreId}"] h3`);
    await heading.waitFor();
    result.deviceId = plug.coreId;
    result.name = (await heading.textContent()).trim();
    result.room = (await page.textContent(`li[data-device="${plug.coreId}"] dd[data-key="room"]`)).trim();
    result.matter = (await page.textContent(`li[data-device="${plug.coreId}"] dd[data-key="matter"]`)).trim();
    await shoot(page, 'devices-after-restart');
  }
  console.log('RESULT ' + JSON.stringify(result));
} catch (e) {
  console.error(e && e.stack ? e.stack : String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
  fs.rmSync(userDataDir, {recursive: true, force: true});
  // stdin stays open for the steps; without this the script would wait on it.
  process.stdin.destroy();
}
