// SPDX-License-Identifier: MIT
// tests/browser/ui.test.mjs - run by tests/browser/ui.sh, which starts
// carexd, makes the IJB's certificate the browser's (an NSS database in
// HOME, chosen by a managed policy) and installs puppeteer-core. Drives
// /ui/ in the system's headless Chromium as a board secretary would:
// fills the form, sees errors beside the fields left wrong, fixes them,
// sees the preview, reloads, issues the direction, finds it in the health
// board's inbox (curl, with the health board's certificate) and sees its
// status move to accepted; then reopens the example direction from XML
// and downloads it again. Prints "ok: ..." or "FAIL: ..." per check and
// saves screenshots to SHOTS.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const env = (k) => {
	if (!process.env[k])
		throw new Error(k + ' not set');
	return process.env[k];
};
const URL_ = env('UI_URL');
const SHOTS = env('SHOTS');
const PKI = env('PKI');
const OUT = env('OUT');
const CAREX = env('CAREX');
const SRCDIR = env('SRCDIR');

let failed = 0;
const ok = (what) => console.log('ok: ' + what);
const fail = (what) => { failed++; console.log('FAIL: ' + what); };
const check = (cond, what) => (cond ? ok(what) : fail(what));

const problems = [];
const renders = [];
let typedDates = 0;
const browser = await puppeteer.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	userDataDir: path.join(OUT, 'profile'),
	env: { ...process.env, HOME: env('HOME') },
	args: ['--no-sandbox', '--headless=new',
	    '--no-first-run', '--disable-gpu'],
	acceptInsecureCerts: false,	// the dev CA is trusted in the NSS db
	protocolTimeout: 60000,
});

async function newPage() {
	return browser.newPage();
}

async function run() {
	const page = await newPage();
	page.setDefaultTimeout(15000);
	page.on('console', (m) => {
		if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()))
			problems.push('console: ' + m.text());
	});
	page.on('pageerror', (e) => problems.push('page error: ' + e.message));
	page.on('dialog', (d) => d.accept());
	page.on('response', (r) => {
		if (r.url().endsWith('/v1/render'))
			renders.push({ status: r.status(),
			    type: r.headers()['content-type'] });
	});
	await page.setViewport({ width: 1440, height: 1000 });
	const shot = async (name) => {
		const f = path.join(SHOTS, name + '.png');
		await page.screenshot({ path: f, fullPage: false });
		console.log('screenshot: ' + f);
	};

	// -- the page, over mutual TLS with the IJB's certificate
	const res = await page.goto(URL_, { waitUntil: 'networkidle0' });
	check(res && res.status() === 200, 'the page loads with the IJB ' +
	    'certificate (' + (res && res.status()) + ')');
	const csp = res.headers()['content-security-policy'] || '';
	check(/script-src 'self'/.test(csp) && !/unsafe/.test(csp),
	    'the page has a CSP without unsafe-*');
	check(await page.title() === 'Draft a direction – carex', 'title');
	await page.evaluate(() => localStorage.clear());
	await page.reload({ waitUntil: 'networkidle0' });

	// -- keyboard: the first Tab reaches the skip link, with a focus ring
	await page.keyboard.press('Tab');
	const focus = await page.evaluate(() => {
		const e = document.activeElement;
		const s = getComputedStyle(e);
		return { cls: e.className, outline: s.outlineStyle,
		    width: s.outlineWidth };
	});
	check(focus.cls === 'skip' && focus.outline !== 'none',
	    'Tab reaches the skip link and shows focus (' +
	    JSON.stringify(focus) + ')');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	check(await page.evaluate(() => document.activeElement.id) ===
	    'boardName', 'the skip link leads to the first field');

	// -- fill the form as a secretary would
	const type = async (sel, text) => {
		await page.click(sel);
		await page.type(sel, text);
	};
	const replace = async (sel, text) => {
		await page.click(sel, { clickCount: 3 });
		await page.keyboard.press('Backspace');
		await page.evaluate((s) => { document.querySelector(s).value = ''; },
		    sel);
		await page.type(sel, text);
	};
	// A date typed into the field's segments in the order the browser
	// shows them (its UI language's: dd/mm/yyyy or mm/dd/yyyy).
	const date = async (sel, iso) => {
		const [y, m, d] = iso.split('-');
		const order = await page.evaluate(() => new Intl.DateTimeFormat(
		    navigator.language).formatToParts(new Date(2025, 0, 29))
		    .map((p) => p.type).filter((t) => t !== 'literal'));
		const part = { day: d, month: m, year: y };
		// the first segment, as Tab reaches it; typing over a filled
		// field replaces it segment by segment
		await page.$eval(sel, (e) => e.blur());
		await page.focus(sel);
		await page.keyboard.type(order.map((t) => part[t]).join(''));
		const v = await page.$eval(sel, (e) => e.value);
		typedDates += v === iso;
		if (v !== iso)
			console.log('debug: typed ' + sel + ' (' + order + ') gave ' +
			    JSON.stringify(v));
	};
	await type('#boardName', 'Glasgow City Integration Joint Board');
	await type('#boardCode', 'ijb-glasgow');
	await type('#councilName', 'Glasgow City Council');
	await type('#councilCode', 'council-glasgow');
	await type('#hbName', 'NHS Greater Glasgow and Clyde');
	await type('#hbCode', 'hb-ggc');
	await type('#item', '9');
	await date('#meetingDate', '2025-01-29');
	await type('#rbGiven', 'Pat');
	await type('#rbFamily', 'Togher');
	await type('#rbRole', 'Chief Officer, Glasgow City HSCP');
	await type('#ctGiven', 'Kelda');
	await type('#ctFamily', 'Gaffney');
	await type('#ctRole', 'Interim Assistant Chief Officer, Adult Services');
	await type('#ctPhone', '0141 two01 6626');	// wrong: letters
	await type('#title', 'Implementation of ADRS Review and MAT ' +
	    'Standards – Shared Care Model');
	await type('#purpose', 'To seek support from the IJB to implement a ' +
	    'new Shared Care Model aligned to *MAT Standard 7*.');
	await type('#background', 'This update follows an IJB paper from ' +
	    'September 2024.\n\nThe review was published in November 2021.');
	await page.click('#route-update-requested-by-ijb');
	await page.click('#route-other');
	await type('#routeOther', 'Alcohol and Drug Partnership');
	await type('#recs-0-text', 'Approve the implementation of a new ' +
	    'Shared Care Model;');
	await page.click('#recs .add');
	await type('#recs-1-text', 'Approve the commissioning of a third ' +
	    'sector partner.');
	await type('#relevance', 'Implementation of MAT Standards is the ' +
	    'responsibility of Glasgow City IJB.');
	for (const n of [1, 3, 5, 7, 8, 9])
		await page.click('#outcome-' + n);
	for (const k of ['personnel', 'carers', 'provider-organisations',
	    'equalities', 'fairer-scotland', 'financial', 'legal', 'economic',
	    'sustainability', 'procurement', 'risk'])
		await type('#impl-' + k, k === 'financial' ? 'Met within the ' +
		    'existing ADRS budget: £220,000.' : 'None');
	await type('#councilImpl', 'The Council will wish to be assured ' +
	    'that MAT Standard 7 is progressing.');
	await type('#hbImpl', 'NHS GG&C will wish to be assured that MAT ' +
	    'Standard 7 is progressing.');
	await page.click('#dirto-health-board');
	await type('#sections-0-title', 'Purpose');
	await type('#sections-0-body', 'The purpose of the report is to seek ' +
	    'support from the IJB.\n\nThe options were:\n- Option 1\n- Option 2');
	await type('#ref', '290125-9');
	await type('#reportTitle', 'Implementation of ADRS Review and MAT ' +
	    'Standards – Shared Care Model');
	await date('#dateIssued', '2025-01-29');
	await date('#dateEffective', '2025-01-29');
	await type('#functions-0-name', 'Alcohol and Drug Recovery Services');
	await page.click('#functions .add');
	await type('#functions-1-name', 'Primary Care');
	await type('#fullText', 'NHS Greater Glasgow and Clyde Health Board ' +
	    'are directed to support the implementation of a new Shared ' +
	    'Care Model.');
	await type('#budgetText', 'The total amount required is £2,000,000 ' +
	    'over five years.');
	await page.click('#allocations .add');
	await type('#allocations-0-purpose', 'Third sector partner');
	await type('#allocations-0-amount', '2,000,000');
	await type('#allocations-0-period', 'over five years');
	await type('#monitoring', 'In line with the agreed Performance ' +
	    'Management Framework.');
	await page.$eval('#reviewMonth', (e) => {
		// a month input has no portable typing order: set it
		e.value = '2026-01';
		e.dispatchEvent(new Event('input', { bubbles: true }));
	});

	check(typedDates === 3, 'dates typed into the date fields (' +
	    typedDates + ' of 3)');
	typedDates = 0;

	// -- the phone number left wrong: its error appears beside it
	await page.waitForFunction(() => {
		const e = document.getElementById('ctPhone-err');
		return !e.hidden && e.textContent.length > 0;
	});
	const phoneErr = await page.$eval('#ctPhone-err', (e) => e.textContent);
	ok('an error appears beside the phone number: ' + phoneErr);
	check(await page.$eval('#ctPhone', (e) =>
	    e.getAttribute('aria-invalid')) === 'true', 'the phone field is ' +
	    'marked invalid');
	check(await page.$eval('#ctPhone', (e) => e.getAttribute(
	    'aria-describedby').includes('ctPhone-err')), 'the error is the ' +
	    "field's description");
	const others = await page.$$eval('.err:not([hidden])', (l) =>
	    l.map((e) => e.id));
	check(others.length === 1 && others[0] === 'ctPhone-err',
	    'no other field has an error: ' + others.join(' '));
	check(await page.$eval('#summary', (e) => !e.hidden &&
	    e.querySelector('a[href="#ctPhone"]') !== null),
	    'the summary links to the phone field');
	await page.$eval('#ctPhone', (e) => e.scrollIntoView({ block: 'center' }));
	await shot('1-error-beside-field');

	// -- fixed: the error goes, the preview comes
	await replace('#ctPhone', '0141 201 6626');
	await page.waitForFunction(() => document.body.dataset.state === 'valid',
	    { timeout: 20000 });
	check(await page.$eval('#ctPhone-err', (e) => e.hidden),
	    'the error goes once the phone number is right');
	const src = await page.$eval('#preview', (e) => e.src);
	check(src.startsWith('blob:https://localhost'), 'the preview shows ' +
	    'the rendered PDF (' + src.slice(0, 30) + ')');
	check(renders.some((r) => r.status === 200 && r.type === 'application/pdf'),
	    'the preview is a PDF from /v1/render: ' + JSON.stringify(renders.slice(-1)));
	await new Promise((r) => setTimeout(r, 1500));	// let the viewer draw
	await page.evaluate(() => window.scrollTo(0, 0));
	await shot('2-valid-with-preview');

	// -- a business rule broken: its error beside the date it is about
	await date('#dateEffective', '2025-01-20');
	await page.waitForFunction(() => {
		const e = document.getElementById('dateEffective-err');
		return !e.hidden && /before it is issued/.test(e.textContent);
	});
	ok('rule IJB-1 appears beside the effective date');
	await page.$eval('#dateEffective', (e) =>
	    e.scrollIntoView({ block: 'center' }));
	await shot('3-rule-error-beside-date');
	await date('#dateEffective', '2025-01-29');
	await page.waitForFunction(() => document.body.dataset.state === 'valid');
	ok('the rule error goes when the dates are in order');
	check(typedDates === 2, 'a date retyped over the old one (' +
	    typedDates + ' of 2)');

	// -- the draft survives a closed tab
	await new Promise((r) => setTimeout(r, 900));	// past the debounce
	const page2 = await newPage();
	await page.close();
	await page2.setViewport({ width: 1440, height: 1000 });
	await page2.goto(URL_, { waitUntil: 'networkidle0' });
	check(await page2.$eval('#ref', (e) => e.value) === '290125-9' &&
	    await page2.$eval('#ctPhone', (e) => e.value) === '0141 201 6626' &&
	    await page2.$eval('#dirto-health-board', (e) => e.checked) &&
	    await page2.$eval('#functions-1-name', (e) => e.value) ===
	    'Primary Care', 'the draft is back after the tab was closed');
	await page2.waitForFunction(() => document.body.dataset.state ===
	    'valid');
	return page2;
}

async function issue(page) {
	page.setDefaultTimeout(15000);
	page.on('pageerror', (e) => problems.push('page error: ' + e.message));
	page.on('dialog', (d) => d.accept());
	const shot = async (name) => {
		const f = path.join(SHOTS, name + '.png');
		await page.screenshot({ path: f });
		console.log('screenshot: ' + f);
	};
	check((await page.$eval('#recipients', (e) => e.textContent))
	    .includes('NHS Greater Glasgow and Clyde (hb-ggc)'),
	    'the page says it goes to the health board');
	await page.click('#issue');
	await page.waitForSelector('#issue-result[data-id] table.status');
	const id = await page.$eval('#issue-result', (e) => e.dataset.id);
	check(/^[0-9A-Z]{10,}$/.test(id), 'issued, with a document id: ' + id);
	check(await page.$eval('#issue-result tbody tr', (e) =>
	    e.dataset.stage === 'stored' && e.textContent.includes('hb-ggc')),
	    'status: stored for hb-ggc');
	await page.$eval('#issue-result', (e) => e.scrollIntoView());
	await shot('4-issued-stored');

	// -- the health board finds it in its inbox, and accepts it
	const curl = (who, ...args) => execFileSync('curl', ['-sS',
	    '--max-time', '20', '--cacert', path.join(PKI, 'ca.pem'),
	    '--cert', path.join(PKI, who + '.pem'),
	    '--key', path.join(PKI, who + '.key'), ...args], { encoding: 'utf8' });
	const base = new URL(URL_).origin;
	const inbox = curl('hb-ggc', base + '/v1/inbox');
	check(inbox.includes('id="' + id + '"') &&
	    inbox.includes('doctype="ijb-direction"'),
	    "the direction is in the health board's inbox");
	const council = curl('council-glasgow', base + '/v1/inbox');
	check(!council.includes(id), "and not in the council's");
	const xml = curl('hb-ggc', base + '/v1/documents/' + id);
	check(xml.includes('<reference>290125-9</reference>') &&
	    xml.includes('<to>hb-ggc</to>') && xml.includes('<em>MAT Standard ' +
	    '7</em>'), 'the stored direction has what was typed');
	fs.writeFileSync(path.join(OUT, 'issued.xml'), xml);
	for (const stage of ['taken', 'accepted'])
		curl('hb-ggc', '-X', 'POST', '-H', 'Content-Type: application/xml',
		    '--data-binary', '<ack xmlns="urn:carex:api:1" stage="' +
		    stage + '"/>', '-o', '/dev/null', '-w', '%{http_code}',
		    base + '/v1/documents/' + id + '/ack');
	await page.click('#refresh-status');
	await page.waitForSelector('#issue-result tr[data-stage="accepted"]');
	ok('the status shows the health board accepted it');
	check(await page.$eval('#issue', (e) => e.disabled) &&
	    await page.$eval('#reissue', (e) => !e.hidden), 'once issued, ' +
	    'the draft offers "Correct and issue again" instead');
	await shot('5-issued-accepted');
	return id;
}

async function reopen(page) {
	// -- open the full example from XML, render it, download it again
	const input = await page.$('#open-file');
	await input.uploadFile(path.join(SRCDIR, 'examples/ijb-direction.xml'));
	await page.waitForFunction(() =>
	    document.getElementById('ref').value === '290125-9' &&
	    document.getElementById('sections-4-title') !== null);
	await page.waitForFunction(() => document.body.dataset.state === 'valid',
	    { timeout: 20000 });
	ok('the example direction opens from XML and renders');
	const dl = path.join(OUT, 'downloads');
	fs.mkdirSync(dl, { recursive: true });
	const cdp = await page.createCDPSession();
	await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow',
	    downloadPath: dl });
	await page.click('#download');
	let file = null;
	for (let i = 0; i < 100 && !file; i++) {
		await new Promise((r) => setTimeout(r, 100));
		file = fs.readdirSync(dl).find((f) => f.endsWith('.xml'));
	}
	check(file === 'direction-290125-9.xml', 'Download XML saves ' +
	    'direction-290125-9.xml (' + file + ')');
	if (file) {
		let valid = true;
		try {
			execFileSync(CAREX, ['validate', path.join(dl, file)],
			    { env: { ...process.env, CAREX_DATADIR: SRCDIR },
			    stdio: 'pipe' });
		} catch (e) {
			valid = false;
			console.log(String(e.stdout) + String(e.stderr));
		}
		check(valid, 'the downloaded draft is a valid ijb-direction');
		const x = fs.readFileSync(path.join(dl, file), 'utf8');
		check(x.includes('<cell>43398</cell>') &&
		    x.includes('<list style="letter">'),
		    'the round trip keeps the appendix table and lettered lists');
	}
	await new Promise((r) => setTimeout(r, 1500));
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(SHOTS, '6-example-reopened.png') });

	// -- narrow: one column, nothing wider than the screen
	await page.setViewport({ width: 390, height: 844, isMobile: true });
	await new Promise((r) => setTimeout(r, 500));
	const w = await page.evaluate(() => [document.documentElement.scrollWidth,
	    window.innerWidth]);
	check(w[0] <= w[1], 'no sideways scrolling at 390 px (' + w + ')');
	await page.screenshot({ path: path.join(SHOTS, '7-narrow.png') });
	await page.$eval('#g-direction', (e) => e.scrollIntoView());
	await page.screenshot({ path: path.join(SHOTS, '8-narrow-direction.png') });
	console.log('screenshot: ' + path.join(SHOTS, '6..8-*.png'));
}

try {
	const page = await run();
	await issue(page);
	await reopen(page);
} catch (e) {
	fail('the browser run stopped: ' + (e && e.stack || e));
	try {
		const pages = await browser.pages();
		if (pages.length)
			await pages[pages.length - 1].screenshot({ path:
			    path.join(SHOTS, 'failure.png'), fullPage: true });
	} catch (e2) { /* the screenshot is a courtesy */ }
}
const csp = problems.filter((p) => /Content Security Policy|Refused/.test(p));
check(csp.length === 0, 'no CSP violation: ' + csp.join('; '));
check(problems.length === 0, 'no script error: ' + problems.join('; '));
await browser.close();
process.exit(failed ? 1 : 0);
