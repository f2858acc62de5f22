// portal_axe.js - every page of the FALC portal in Debian's Chromium,
// driven by playwright-core, checked by axe-core.
//
//   NODE_PATH=DIR/node_modules node portal_axe.js PAGES SHOTS URL...
//
// PAGES lists the page URLs, one a line (portal_crawl.py writes it).  For
// each page:
//   - axe-core with the rules of WCAG 2.x levels A, AA and AAA (2.0, 2.1,
//     2.2) and axe's best practices: 0 violations wanted;
//   - at 320 CSS pixels wide (WCAG 1.4.10), and at 160 (320 pixels zoomed
//     to 200%): nothing wider than the window, no horizontal scrolling;
//   - the same at 320 with the text spacing of WCAG 1.4.12 (line height
//     1.5, paragraphs 2, letters 0.12 and words 0.16 times the font size);
//   - every link is at least 48 x 48 CSS pixels (the skip link once
//     focused), except the glossary's words, links inside a sentence
//     (WCAG 2.5.5 exempts them), and shows an outline when focused;
//   - the fonts are the site's (msd-texte and msd-picto loaded; on a
//     right-to-left page msd-arabe too; on another, msd-arabe not fetched:
//     a French page does not pay for the Arabic font).
// Then a 360 x 800 screenshot of each URL given after SHOTS, into SHOTS.
// Prints one line of figures; exits 1 on any failure, listing them.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa',
	'wcag22aa', 'best-practice'];
const axePath = require.resolve('axe-core/axe.min.js');
const SPACING = '* { line-height: 1.5 !important; ' +
    'letter-spacing: .12em !important; word-spacing: .16em !important } ' +
    'p { margin-bottom: 2em !important }';

// What is wider than the window, at the window's present size.
async function overflow(page) {
	return page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const wide = [];
		if (document.documentElement.scrollWidth > w)
			wide.push('page ' + document.documentElement.scrollWidth);
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > w + 0.5 &&
			    !el.classList.contains('skip') &&
			    !el.closest('.skip'))
				wide.push(el.tagName.toLowerCase() + '.' +
				    el.className + ' ' + Math.round(r.right));
		}
		return wide.slice(0, 3);
	});
}

// Links under 48 x 48 CSS pixels, or without an outline when focused.
async function check_links(page) {
	return page.evaluate(async () => {
		const small = [];
		for (const a of document.querySelectorAll('a')) {
			a.focus();
			if (getComputedStyle(a).outlineStyle === 'none')
				small.push(a.textContent.trim().slice(0, 30) +
				    ': no outline when focused');
			const r = a.getBoundingClientRect();
			if (!a.classList.contains('g') &&
			    (r.height < 48 || r.width < 48))
				small.push(a.textContent.trim().slice(0, 30) +
				    ' ' + Math.round(r.width) + 'x' +
				    Math.round(r.height));
			a.blur();
		}
		return small;
	});
}

(async () => {
	const [pagesFile, shots, ...shotUrls] = process.argv.slice(2);
	const urls = fs.readFileSync(pagesFile, 'utf8').split('\n')
	    .filter(Boolean);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--disable-gpu', '--no-sandbox'],
	});
	// The pages forbid every script (Content-Security-Policy): axe is
	// let in by the browser, not by the page.
	const context = await browser.newContext({ bypassCSP: true,
	    viewport: { width: 360, height: 800 } });
	let page = await context.newPage();
	const failures = [];
	const incomplete = {};
	let violations = 0, passes = 0, version = '';
	const t = { load: 0, axe: 0, layout: 0 };
	for (const [n, url] of urls.entries()) {
		let t0 = Date.now();
		// A fresh tab now and then: one tab through 500 pages grew
		// to 900 MB and slowed down.
		if (n > 0 && n % 100 === 0) {
			await page.close();
			page = await context.newPage();
		}
		await page.setViewportSize({ width: 320, height: 640 });
		const resp = await page.goto(url, { waitUntil: 'load' });
		if (!resp || resp.status() !== 200) {
			failures.push(url + ': HTTP ' + (resp && resp.status()));
			continue;
		}
		await page.evaluate(() => document.fonts.ready);
		const fonts = await page.evaluate(() => [...document.fonts]
		    .filter(f => f.status === 'loaded').map(f => f.family));
		const rtl = await page.evaluate(() =>
		    document.documentElement.dir === 'rtl');
		const has = want => fonts.some(f => f.replace(/"/g, '') === want);
		for (const want of ['msd-texte', 'msd-picto']
		    .concat(rtl ? ['msd-arabe'] : []))
			if (!has(want))
				failures.push(url + ': font ' + want +
				    ' not loaded (' + fonts + ')');
		if (!rtl && has('msd-arabe'))
			failures.push(url + ': a left-to-right page fetched ' +
			    'the Arabic font msd-arabe');
		t.load += Date.now() - t0;
		t0 = Date.now();
		await page.addScriptTag({ path: axePath });
		const r = await page.evaluate(tags => axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			// Passes and incomplete counted, not detailed: a third
			// of the time.
			resultTypes: ['violations'],
		}), TAGS);
		version = r.testEngine.version;
		passes += r.passes.length;
		for (const v of r.violations) {
			violations += v.nodes.length;
			failures.push(url + ': ' + v.id + ' (' + v.impact + '): ' +
			    v.help + ': ' + v.nodes.slice(0, 2).map(n =>
			    n.target.join(' ')).join(', '));
		}
		for (const v of r.incomplete)
			incomplete[v.id] = (incomplete[v.id] || 0) + 1;
		t.axe += Date.now() - t0;
		t0 = Date.now();
		const small = await check_links(page);
		if (small.length)
			failures.push(url + ': links: ' + small.join('; '));
		const style = await page.addStyleTag({ content: SPACING });
		const spaced = await overflow(page);
		if (spaced.length)
			failures.push(url + ': with WCAG text spacing, wider ' +
			    'than 320 px: ' + spaced.join('; '));
		await style.evaluate(e => e.remove());
		for (const w of [320, 160]) {
			if (w !== 320)
				await page.setViewportSize({ width: w, height: 640 });
			const wide = await overflow(page);
			if (wide.length)
				failures.push(url + ': wider than ' + w + ' px: ' +
				    wide.join('; '));
		}
		t.layout += Date.now() - t0;
	}
	fs.mkdirSync(shots, { recursive: true });
	for (const url of shotUrls) {
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto(url, { waitUntil: 'load' });
		await page.evaluate(() => document.fonts.ready);
		const name = new URL(url).pathname.replace(/^\//, '')
		    .replace(/[/.]/g, '_') + '.png';
		await page.screenshot({ path: path.join(shots, name) });
		console.log('screenshot ' + path.join(shots, name) + ' of ' + url);
	}
	const chromeVersion = browser.version();
	await browser.close();
	const inc = Object.entries(incomplete).map(([k, n]) => k + ' on ' + n +
	    ' pages').join(', ');
	console.log('axe-core ' + version + ' in Chromium ' + chromeVersion + ': ' +
	    urls.length + ' pages, ' + violations + ' violations, ' + passes +
	    ' rule passes; to review by hand: ' + (inc || 'none') +
	    '; seconds spent loading ' + (t.load / 1000).toFixed(1) +
	    ', in axe ' + (t.axe / 1000).toFixed(1) + ', measuring ' +
	    (t.layout / 1000).toFixed(1));
	for (const f of failures.slice(0, 40))
		console.log('FAIL: ' + f);
	if (failures.length > 40)
		console.log('FAIL: ... and ' + (failures.length - 40) + ' more');
	process.exit(failures.length ? 1 : 0);
})().catch(e => {
	console.log('FAIL: ' + e.message);
	process.exit(1);
});
