// SPDX-License-Identifier: MIT
// ui.js - the direction-drafting page: builds the form of the
// ijb-direction doctype (schemas/ijb-direction.xsd), writes the draft as
// XML one element per line so that the line of each error in a problem
// document names its field, renders it with POST /v1/render, keeps it in
// localStorage, and issues it with POST /v1/documents. No framework, no
// third-party code; everything the page needs is in this file.
'use strict';

const NS = 'urn:carex:doc:1';
const PROBLEM_NS = 'urn:carex:problem:1';
const STORE_KEY = 'carex.ui.direction.draft';
const DEBOUNCE_MS = 700;

// ---- the form's fields ----------------------------------------------------

// Every plain field: key -> 'text' | 'area' | 'check' | 'select' ...
const plain = {};
// Every repeatable group: key -> { subs: [[sub, label, type, opts]], label }
const repeats = {};

function h(tag, attrs, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === false || v === undefined || v === null)
			continue;
		if (k === 'class')
			e.className = v;
		else if (k === 'text')
			e.textContent = v;
		else
			e.setAttribute(k, v === true ? '' : v);
	}
	for (const k of kids.flat())
		if (k !== null && k !== undefined)
			e.append(k);
	return e;
}

function errSlot(id) {
	return h('p', { class: 'err', id: id + '-err', hidden: true });
}

// A labelled input (or textarea, select) with its hint and error slot.
function field(key, label, type, o = {}) {
	plain[key] = type;
	const hintId = o.hint ? key + '-hint' : null;
	const describedby = [hintId, key + '-err'].filter(Boolean).join(' ');
	let ctl;
	const common = { id: key, name: key, 'aria-describedby': describedby,
	    autocomplete: o.autocomplete || 'off' };
	if (type === 'area')
		ctl = h('textarea', { ...common, rows: o.rows || 4 });
	else if (type === 'select')
		ctl = h('select', common, o.options.map(([v, t]) =>
		    h('option', { value: v, text: t })));
	else
		ctl = h('input', { ...common, type, inputmode: o.inputmode,
		    step: o.step, min: o.min, placeholder: o.placeholder });
	if (o.value !== undefined)
		ctl.value = o.value;
	return h('div', { class: 'field' + (o.wide ? ' wide' : '') +
	    (o.short ? ' short' : '') },
	    h('label', { for: key, text: label +
	        (o.optional ? ' (optional)' : '') }),
	    o.hint ? h('p', { class: 'hint', id: hintId, text: o.hint }) : null,
	    errSlot(key), ctl);
}

function check(key, label) {
	plain[key] = 'check';
	return h('div', { class: 'check' },
	    h('input', { type: 'checkbox', id: key, name: key }),
	    h('label', { for: key, text: label }));
}

function fieldset(key, legend, kids, o = {}) {
	return h('fieldset', { id: key, class: o.class || 'group',
	    'aria-describedby': key + '-err' },
	    h('legend', { text: legend }),
	    o.hint ? h('p', { class: 'hint', text: o.hint }) : null,
	    errSlot(key), kids);
}

function section(id, title, ...kids) {
	return h('section', { id, 'aria-labelledby': id + '-h' },
	    h('h2', { id: id + '-h', text: title }), kids);
}

// A repeatable group of rows ("Add function", "Remove function 2").
function repeat(key, legend, noun, subs, o = {}) {
	repeats[key] = { subs, noun, min: o.min || 0 };
	const rows = h('ol', { class: 'rows', id: key + '-rows' });
	const add = h('button', { type: 'button', class: 'add',
	    text: 'Add ' + noun });
	add.addEventListener('click', () => {
		const d = collect();
		d[key].push({});
		setRows(key, d[key]);
		const first = document.getElementById(key + '-' +
		    (d[key].length - 1) + '-' + subs[0][0]);
		if (first)
			first.focus();
		changed();
	});
	return fieldset(key, legend, [rows, add], { hint: o.hint,
	    class: 'group repeat' });
}

function setRows(key, list) {
	const r = repeats[key];
	const ol = document.getElementById(key + '-rows');
	ol.replaceChildren();
	list.forEach((row, i) => {
		const li = h('li', { class: 'row' });
		for (const [sub, label, type, so = {}] of r.subs) {
			const id = key + '-' + i + '-' + sub;
			const lab = typeof label === 'function' ? label(i) : label;
			const f = field(id, lab, type, so);
			delete plain[id];	// rows are read by collect()
			li.append(f);
			f.querySelector('input,textarea,select').value =
			    row[sub] || '';
		}
		const rm = h('button', { type: 'button', class: 'remove',
		    text: 'Remove',
		    'aria-label': 'Remove ' + r.noun + ' ' + (i + 1) });
		rm.addEventListener('click', () => {
			const d = collect();
			d[key].splice(i, 1);
			setRows(key, d[key]);
			document.getElementById(key).querySelector('.add').focus();
			changed();
		});
		li.append(rm);
		ol.append(li);
	});
}

const ROUTES = [
	['hscp-senior-management-team', 'HSCP Senior Management Team'],
	['council-corporate-management-team', 'Council Corporate Management Team'],
	['health-board-corporate-management-team', 'Health Board Corporate Management Team'],
	['council-committee', 'Council Committee'],
	['update-requested-by-ijb', 'Update requested by IJB'],
	['other', 'Other'],
	['not-applicable', 'Not Applicable'],
];

const IMPLICATIONS = [
	['personnel', 'Personnel'], ['carers', 'Carers'],
	['provider-organisations', 'Provider organisations'],
	['equalities', 'Equalities'],
	['fairer-scotland', 'Fairer Scotland compliance'],
	['financial', 'Financial'], ['legal', 'Legal'],
	['economic', 'Economic impact'], ['sustainability', 'Sustainability'],
	['procurement', 'Sustainable procurement and Article 19'],
	['risk', 'Risk implications'],
];

const DIRECTION_TO = [
	['none', 'No Direction Required'],
	['council', 'the council'],
	['health-board', 'the health board'],
	['both', 'the council and the health board'],
];

const EM_HINT = 'Leave a blank line between paragraphs. Put *asterisks* ' +
    'round words to print them in italics.';

function build(form) {
	const person = (p, who) => [
		field(p + 'Title', 'Title', 'text', { optional: true, short: true,
		    autocomplete: 'off' }),
		field(p + 'Given', 'Given name', 'text'),
		field(p + 'Family', 'Family name', 'text'),
		field(p + 'Role', who, 'text', { wide: true }),
	];
	form.append(
	    section('s-cover', 'Report cover',
		fieldset('g-board', 'Board', [
		    field('boardName', 'Integration Joint Board', 'text',
			{ wide: true }),
		    field('boardCode', "Board's exchange code", 'text', {
			hint: 'As in your certificate, for example ijb-glasgow.' }),
		    field('councilName', 'Council', 'text', { wide: true }),
		    field('councilCode', "Council's exchange code", 'text'),
		    field('hbName', 'Health board', 'text', { wide: true }),
		    field('hbCode', "Health board's exchange code", 'text'),
		]),
		fieldset('g-meeting', 'Meeting', [
		    field('item', 'Item No', 'text', { short: true,
			hint: 'A number, optionally with a letter: 9, 12, 9a.' }),
		    field('meetingDate', 'Meeting date', 'date'),
		]),
		fieldset('g-report-by', 'Report by', person('rb', 'Role')),
		fieldset('g-contact', 'Contact', [
		    ...person('ct', 'Role'),
		    field('ctPhone', 'Phone', 'tel', { hint:
			'Digits and spaces, for example 0141 201 6626.' }),
		    field('ctEmail', 'Email', 'email', { optional: true }),
		]),
		field('title', 'Report title', 'area', { rows: 2, wide: true }),
		field('purpose', 'Purpose of report', 'area', { hint: EM_HINT }),
		field('background', 'Background', 'area', { rows: 6,
		    hint: EM_HINT }),
		fieldset('g-route', 'Governance route', [
		    ...ROUTES.map(([k, t]) => check('route-' + k, t)),
		    field('routeOther', 'Other group', 'text', { optional: true,
			hint: 'Name the group when "Other" is ticked.' }),
		], { hint: 'Tick each group that considered the paper before ' +
		    'the board, or Not Applicable.', class: 'group checks' }),
		fieldset('g-recs', 'Recommendations', [
		    field('recIntro', 'Introduction', 'text', { wide: true,
			value: 'The Integration Joint Board is asked to:' }),
		    repeat('recs', 'Recommendations', 'recommendation', [
			['text', (i) => 'Recommendation ' +
			    String.fromCharCode(97 + i) + ')', 'area',
			    { rows: 2 }]], { min: 1 }),
		]),
		field('relevance', 'Relevance to Integration Joint Board ' +
		    'Strategic Plan', 'area', { hint: EM_HINT }),
		fieldset('g-impl', 'Implications for Health and Social Care ' +
		    'Partnership', [
		    fieldset('g-outcomes', 'National Health and Wellbeing ' +
			'Outcomes', Array.from({ length: 9 }, (_, i) =>
			check('outcome-' + (i + 1), 'Outcome ' + (i + 1))),
			{ class: 'group checks outcomes' }),
		    ...IMPLICATIONS.map(([k, t]) => field('impl-' + k, t, 'area',
			{ rows: 2, hint: k === 'personnel' ? 'Write "None" ' +
			    'where there are none.' : undefined })),
		]),
		field('councilImpl', 'Implications for the council', 'area',
		    { rows: 2 }),
		field('hbImpl', 'Implications for the health board', 'area',
		    { rows: 2 }),
		fieldset('g-direction-to', 'Direction required to council, ' +
		    'health board or both', DIRECTION_TO.map(([k, t], i) =>
		    check('dirto-' + k, (i + 1) + '. ' + (k === 'none' ? t :
			'Direction to ' + t))),
		    { hint: 'Tick one. The recipients of the direction follow ' +
			'from it.', class: 'group checks' })),
	    section('s-report', 'Report',
		repeat('sections', 'Numbered sections', 'section', [
		    ['title', 'Section title', 'text', { wide: true }],
		    ['body', 'Paragraphs', 'area', { rows: 6, wide: true,
			hint: 'Leave a blank line between numbered paragraphs. ' +
			'Start a line with "- " for a bullet, or "a) " for a ' +
			'lettered item, under the paragraph. *Asterisks* for ' +
			'italics.' }]], { min: 1 })),
	    section('s-appendix', 'Appendices',
		repeat('appendices', 'Appendices', 'appendix', [
		    ['title', 'Appendix title', 'text', { wide: true }],
		    ['paras', 'Paragraphs', 'area', { optional: true, wide: true,
			hint: EM_HINT }],
		    ['table', 'Table', 'area', { optional: true, rows: 5,
			wide: true, hint: 'One row per line, cells separated ' +
			'by |. The first line gives the column headings.' }]])),
	    section('s-direction', 'Direction',
		h('fieldset', { id: 'g-direction', class: 'direction' },
		    h('legend', { text: 'Direction from the Integration Joint ' +
			'Board' }),
		    h('p', { class: 'hint', id: 'direction-none', hidden: true,
			text: 'No direction is required: the report is issued ' +
			'without one.' }),
		    h('ol', { class: 'numbered' },
			h('li', {}, field('ref', 'Reference number', 'text', {
			    hint: 'For example 290125-9 (meeting date and item).' })),
			h('li', {}, field('reportTitle', 'Report title', 'text',
			    { wide: true })),
			h('li', {}, field('dateIssued', 'Date direction issued ' +
			    'by Integration Joint Board', 'date')),
			h('li', {}, field('dateEffective', 'Date from which ' +
			    'direction takes effect', 'date')),
			h('li', {}, h('div', { class: 'field' },
			    h('p', { class: 'label', text: 'Direction to' }),
			    h('p', { id: 'dirto-echo', class: 'echo',
				'aria-live': 'polite' }))),
			h('li', {}, field('prevEffect', 'Does this direction ' +
			    'supersede, revise or revoke a previous direction?',
			    'select', { options: [['none', 'No'],
				['supersedes', 'Yes: it supersedes'],
				['revises', 'Yes: it revises'],
				['revokes', 'Yes: it revokes']] }),
			    repeat('prevRefs', 'Reference numbers of the ' +
				'previous directions', 'reference', [
				['ref', (i) => 'Reference ' + (i + 1), 'text']])),
			h('li', {}, repeat('functions', 'Functions covered by ' +
			    'direction', 'function', [
			    ['name', (i) => 'Function ' + (i + 1), 'text',
				{ wide: true }]], { min: 1 })),
			h('li', {}, field('fullText', 'Full text of direction',
			    'area', { rows: 5, wide: true,
				hint: 'Leave a blank line between paragraphs.' })),
			h('li', {}, field('budgetText', 'Budget allocated by ' +
			    'Integration Joint Board to carry out direction',
			    'area', { wide: true }),
			    repeat('allocations', 'Sums allocated', 'sum', [
				['purpose', 'Purpose', 'text', { wide: true }],
				['amount', 'Amount (£)', 'text',
				    { inputmode: 'decimal', short: true }],
				['period', 'Period', 'text', { optional: true,
				    placeholder: 'per annum' }]])),
			h('li', {}, field('monitoring', 'Performance ' +
			    'monitoring arrangements', 'area', { wide: true })),
			h('li', {}, fieldset('g-review', 'Date direction will ' +
			    'be reviewed', [
			    field('reviewDate', 'Review date', 'date'),
			    field('reviewMonth', 'or review month', 'month', {
				placeholder: 'YYYY-MM' }),
			], { hint: 'A date, or only a month.' }))))),
	    section('s-issue', 'Issue',
		field('marking', 'Protective marking', 'select', { options: [
		    ['OFFICIAL', 'OFFICIAL'],
		    ['OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE']] }),
		field('supersedesId', 'Replaces the exchange document', 'text', {
		    optional: true, hint: 'The document id of an earlier issue ' +
		    'of this direction that this one corrects.' }),
		h('p', { id: 'recipients', class: 'recipients' }),
		h('div', { class: 'actions' },
		    h('button', { type: 'submit', id: 'issue', class: 'primary',
			text: 'Issue direction' }),
		    h('button', { type: 'button', id: 'reissue', hidden: true,
			text: 'Correct and issue again' })),
		h('div', { id: 'issue-result', class: 'issue-result',
		    role: 'status', tabindex: '-1' })));
}

// ---- the draft: a plain object, kept in localStorage -------------------

function blank() {
	return { messageId: 'draft-' + Date.now().toString(36) + '-' +
	    Math.random().toString(36).slice(2, 8), marking: 'OFFICIAL',
	    recIntro: 'The Integration Joint Board is asked to:',
	    prevEffect: 'none', recs: [{}], sections: [{}], appendices: [],
	    prevRefs: [], functions: [{}], allocations: [] };
}

let draft = blank();

function collect() {
	const d = { messageId: draft.messageId, issuedId: draft.issuedId };
	for (const [k, type] of Object.entries(plain)) {
		const e = document.getElementById(k);
		if (e)
			d[k] = type === 'check' ? e.checked : e.value;
	}
	for (const [k, r] of Object.entries(repeats)) {
		const n = document.getElementById(k + '-rows').children.length;
		d[k] = [];
		for (let i = 0; i < n; i++) {
			const row = {};
			for (const [sub] of r.subs)
				row[sub] = document.getElementById(k + '-' + i +
				    '-' + sub).value;
			d[k].push(row);
		}
	}
	return d;
}

function fill(d) {
	draft = Object.assign(blank(), d);
	for (const [k, type] of Object.entries(plain)) {
		const e = document.getElementById(k);
		if (!e)
			continue;
		if (type === 'check')
			e.checked = !!draft[k];
		else
			e.value = draft[k] === undefined ? (type === 'select' ?
			    e.options[0].value : '') : draft[k];
	}
	for (const k of Object.keys(repeats))
		setRows(k, draft[k] || []);
}

function directionTo(d) {
	for (const [k] of DIRECTION_TO)
		if (d['dirto-' + k])
			return k;
	return '';
}

// ---- the draft as XML, with the field of each line ----------------------

function esc(s) {
	return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')
	    .replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// One line of text, whatever the secretary typed (so that every element
// stays on the line the map says).
function oneLine(s) {
	return String(s || '').replace(/\s*\n\s*/g, ' ').trim();
}

// "*words*" to <em>words</em>; the rest escaped.
function mixed(s) {
	return oneLine(s).split(/\*([^*]+)\*/).map((part, i) =>
	    i % 2 ? '<em>' + esc(part) + '</em>' : esc(part)).join('');
}

function paragraphs(s) {
	const ps = String(s || '').split(/\n\s*\n/).map((p) => p.trim())
	    .filter((p) => p !== '');
	return ps.length ? ps : [''];
}

// A paragraph of the report: text lines, then "- " or "a) " items.
function reportPara(block) {
	const text = [], items = [];
	let style = 'bullet';
	for (const ln of block.split('\n')) {
		let m;
		if ((m = /^\s*[-•]\s+(.*)$/.exec(ln))) {
			items.push(m[1]);
		} else if ((m = /^\s*[a-z]\)\s+(.*)$/.exec(ln))) {
			style = 'letter';
			items.push(m[1]);
		} else if (items.length)
			items[items.length - 1] += ' ' + ln.trim();
		else
			text.push(ln);
	}
	return { text: text.join(' '), items, style };
}

function toXml(d, issuedAt) {
	const lines = [];	// { text, key }
	const at = (depth, text, key) =>
	    lines.push({ text: '  '.repeat(depth) + text, key });
	const leaf = (depth, name, value, key, attrs = '') =>
	    at(depth, '<' + name + attrs + '>' + esc(oneLine(value)) + '</' +
		name + '>', key);
	const paras = (depth, name, value, key, em) => {
		at(depth, '<' + name + '>', key);
		for (const p of paragraphs(value))
			at(depth + 1, '<p>' + (em ? mixed(p) : esc(oneLine(p))) +
			    '</p>', key);
		at(depth, '</' + name + '>', key);
	};
	const person = (depth, name, p, group) => {
		at(depth, '<' + name + '>', group);
		at(depth + 1, '<name>', group);
		if (oneLine(d[p + 'Title']))
			leaf(depth + 2, 'title', d[p + 'Title'], p + 'Title');
		leaf(depth + 2, 'given', d[p + 'Given'], p + 'Given');
		leaf(depth + 2, 'family', d[p + 'Family'], p + 'Family');
		at(depth + 1, '</name>', group);
		leaf(depth + 1, 'role', d[p + 'Role'], p + 'Role');
	};
	const to = directionTo(d);
	const recipients = recipientsOf(d);

	at(0, '<?xml version="1.0" encoding="UTF-8"?>', 'summary');
	at(0, '<ijb-direction xmlns="' + NS + '">', 'summary');
	at(1, '<header>', 'summary');
	leaf(2, 'message-id', d.messageId, 'summary');
	leaf(2, 'issued', issuedAt, 'summary');
	leaf(2, 'from', d.boardCode, 'boardCode');
	if (recipients.length === 0)
		leaf(2, 'to', '', 'g-direction-to');
	for (const r of recipients)
		leaf(2, 'to', r, r === oneLine(d.hbCode) ? 'hbCode' :
		    'councilCode');
	if (oneLine(d.supersedesId))
		leaf(2, 'supersedes', d.supersedesId, 'supersedesId');
	leaf(2, 'marking', d.marking, 'marking');
	at(1, '</header>', 'summary');

	at(1, '<cover>', 'summary');
	at(2, '<board code="' + esc(oneLine(d.boardCode)) + '">', 'boardCode');
	leaf(3, 'name', d.boardName, 'boardName');
	leaf(3, 'council', d.councilName, 'councilCode',
	    ' code="' + esc(oneLine(d.councilCode)) + '"');
	leaf(3, 'health-board', d.hbName, 'hbCode',
	    ' code="' + esc(oneLine(d.hbCode)) + '"');
	at(2, '</board>', 'g-board');
	leaf(2, 'item', d.item, 'item');
	leaf(2, 'meeting-date', d.meetingDate, 'meetingDate');
	person(2, 'report-by', 'rb', 'g-report-by');
	at(2, '</report-by>', 'g-report-by');
	person(2, 'contact', 'ct', 'g-contact');
	leaf(3, 'phone', d.ctPhone, 'ctPhone');
	if (oneLine(d.ctEmail))
		leaf(3, 'email', d.ctEmail, 'ctEmail');
	at(2, '</contact>', 'g-contact');
	leaf(2, 'title', d.title, 'title');
	paras(2, 'purpose', d.purpose, 'purpose', true);
	paras(2, 'background', d.background, 'background', true);
	at(2, '<governance-route>', 'g-route');
	for (const [k] of ROUTES) {
		const t = d['route-' + k] ? 'true' : 'false';
		if (k === 'other')
			leaf(3, 'other', d.routeOther, 'routeOther',
			    ' ticked="' + t + '"');
		else
			at(3, '<' + k + ' ticked="' + t + '"/>', 'g-route');
	}
	at(2, '</governance-route>', 'g-route');
	at(2, '<recommendations>', 'g-recs');
	leaf(3, 'intro', d.recIntro, 'recIntro');
	(d.recs || []).forEach((r, i) => leaf(3, 'recommendation', r.text,
	    'recs-' + i + '-text', ' letter="' + String.fromCharCode(97 + i) +
	    '"'));
	at(2, '</recommendations>', 'recs');
	paras(2, 'relevance', d.relevance, 'relevance', true);
	at(2, '<implications>', 'g-impl');
	at(3, '<national-outcomes>', 'g-outcomes');
	for (let i = 1; i <= 9; i++)
		if (d['outcome-' + i])
			at(4, '<outcome>' + i + '</outcome>', 'g-outcomes');
	at(3, '</national-outcomes>', 'g-outcomes');
	for (const [k] of IMPLICATIONS)
		leaf(3, k, d['impl-' + k], 'impl-' + k);
	at(2, '</implications>', 'g-impl');
	leaf(2, 'council-implications', d.councilImpl, 'councilImpl');
	leaf(2, 'health-board-implications', d.hbImpl, 'hbImpl');
	leaf(2, 'direction-required', to, 'g-direction-to');
	at(1, '</cover>', 'summary');

	at(1, '<report>', 'sections');
	(d.sections || []).forEach((s, i) => {
		const key = 'sections-' + i + '-body';
		at(2, '<section>', key);
		leaf(3, 'title', s.title, 'sections-' + i + '-title');
		for (const block of paragraphs(s.body)) {
			const p = reportPara(block);
			at(3, '<para>', key);
			at(4, '<text>' + mixed(p.text) + '</text>', key);
			if (p.items.length) {
				at(4, '<list style="' + p.style + '">', key);
				for (const it of p.items)
					at(5, '<item>' + mixed(it) + '</item>', key);
				at(4, '</list>', key);
			}
			at(3, '</para>', key);
		}
		at(2, '</section>', key);
	});
	at(1, '</report>', 'sections');

	(d.appendices || []).forEach((a, i) => {
		const k = 'appendices-' + i + '-';
		at(1, '<appendix>', k + 'title');
		leaf(2, 'title', a.title, k + 'title');
		if (oneLine(a.paras))
			for (const p of paragraphs(a.paras))
				at(2, '<p>' + mixed(p) + '</p>', k + 'paras');
		const rows = String(a.table || '').split('\n')
		    .filter((r) => r.trim() !== '');
		if (rows.length) {
			at(2, '<table>', k + 'table');
			rows.forEach((r, j) => {
				const cells = r.split('|').map((c) => c.trim());
				if (j === 0)
					for (const c of cells)
						at(3, '<column>' + esc(c) + '</column>',
						    k + 'table');
				else
					at(3, '<row>' + cells.map((c) => c === '' ?
					    '<cell/>' : '<cell>' + esc(c) + '</cell>')
					    .join('') + '</row>', k + 'table');
			});
			at(2, '</table>', k + 'table');
		}
		at(1, '</appendix>', k + 'title');
	});

	if (to !== 'none') {
		at(1, '<direction>', 'g-direction');
		leaf(2, 'reference', d.ref, 'ref');
		leaf(2, 'report-title', d.reportTitle, 'reportTitle');
		leaf(2, 'date-issued', d.dateIssued, 'dateIssued');
		leaf(2, 'date-effective', d.dateEffective, 'dateEffective');
		leaf(2, 'direction-to', to, 'g-direction-to');
		at(2, '<previous-directions effect="' + esc(d.prevEffect) + '">',
		    'prevEffect');
		(d.prevRefs || []).forEach((r, i) => leaf(3, 'reference', r.ref,
		    'prevRefs-' + i + '-ref'));
		at(2, '</previous-directions>', 'prevEffect');
		at(2, '<functions>', 'functions');
		(d.functions || []).forEach((f, i) => leaf(3, 'function', f.name,
		    'functions-' + i + '-name'));
		at(2, '</functions>', 'functions');
		paras(2, 'full-text', d.fullText, 'fullText', false);
		at(2, '<budget>', 'budgetText');
		paras(3, 'text', d.budgetText, 'budgetText', false);
		(d.allocations || []).forEach((a, i) => {
			const k = 'allocations-' + i + '-';
			at(3, '<allocation>', k + 'purpose');
			leaf(4, 'purpose', a.purpose, k + 'purpose');
			leaf(4, 'amount', String(a.amount || '')
			    .replace(/[£,\s]/g, ''), k + 'amount');
			if (oneLine(a.period))
				leaf(4, 'period', a.period, k + 'period');
			at(3, '</allocation>', k + 'purpose');
		});
		at(2, '</budget>', 'budgetText');
		paras(2, 'performance-monitoring', d.monitoring, 'monitoring',
		    false);
		at(2, '<review>', 'g-review');
		if (d.reviewDate || !d.reviewMonth)
			leaf(3, 'date', d.reviewDate, 'reviewDate');
		else
			leaf(3, 'month', d.reviewMonth, 'reviewMonth');
		at(2, '</review>', 'g-review');
		at(1, '</direction>', 'g-direction');
	}
	at(0, '</ijb-direction>', 'summary');
	return { xml: lines.map((l) => l.text).join('\n') + '\n',
	    keys: lines.map((l) => l.key) };
}

function recipientsOf(d) {
	// Without a direction the report still goes to both, for information.
	const to = directionTo(d), r = [];
	const all = to === 'both' || to === 'none';
	if ((to === 'council' || all) && oneLine(d.councilCode))
		r.push(oneLine(d.councilCode));
	if ((to === 'health-board' || all) && oneLine(d.hbCode))
		r.push(oneLine(d.hbCode));
	return r;
}

// ---- XML back into a draft (Open XML…) ----------------------------------

function kids(e, name) {
	return e ? Array.from(e.children).filter((c) => c.namespaceURI === NS &&
	    (name === undefined || c.localName === name)) : [];
}

function child(e, path) {
	for (const name of path.split('/')) {
		e = kids(e, name)[0];
		if (!e)
			return null;
	}
	return e;
}

function txt(e, path) {
	const n = path ? child(e, path) : e;
	return n ? n.textContent.trim() : '';
}

// Mixed content back to "*italic*" text.
function unmixed(e) {
	if (!e)
		return '';
	return Array.from(e.childNodes).map((n) => n.nodeType === 1 ?
	    '*' + n.textContent + '*' : n.textContent).join('').trim();
}

function paraText(e, em) {
	return kids(e, 'p').map((p) => em ? unmixed(p) : p.textContent.trim())
	    .join('\n\n');
}

function fromXml(text) {
	const doc = new DOMParser().parseFromString(text, 'application/xml');
	const root = doc.documentElement;
	if (doc.getElementsByTagName('parsererror').length ||
	    root.namespaceURI !== NS || root.localName !== 'ijb-direction')
		throw new Error('This file is not an ijb-direction document.');
	const d = blank();
	const cover = child(root, 'cover'), dir = child(root, 'direction');
	const board = child(cover, 'board');
	d.messageId = txt(root, 'header/message-id') || d.messageId;
	d.marking = txt(root, 'header/marking') || 'OFFICIAL';
	d.supersedesId = txt(root, 'header/supersedes');
	d.boardName = txt(board, 'name');
	d.boardCode = board ? board.getAttribute('code') || '' : '';
	const council = child(board, 'council'), hb = child(board, 'health-board');
	d.councilName = txt(council);
	d.councilCode = council ? council.getAttribute('code') || '' : '';
	d.hbName = txt(hb);
	d.hbCode = hb ? hb.getAttribute('code') || '' : '';
	d.item = txt(cover, 'item');
	d.meetingDate = txt(cover, 'meeting-date');
	for (const [p, name] of [['rb', 'report-by'], ['ct', 'contact']]) {
		const e = child(cover, name);
		d[p + 'Title'] = txt(e, 'name/title');
		d[p + 'Given'] = txt(e, 'name/given');
		d[p + 'Family'] = txt(e, 'name/family');
		d[p + 'Role'] = txt(e, 'role');
	}
	d.ctPhone = txt(cover, 'contact/phone');
	d.ctEmail = txt(cover, 'contact/email');
	d.title = txt(cover, 'title');
	d.purpose = paraText(child(cover, 'purpose'), true);
	d.background = paraText(child(cover, 'background'), true);
	const route = child(cover, 'governance-route');
	for (const [k] of ROUTES) {
		const e = child(route, k);
		d['route-' + k] = !!e && e.getAttribute('ticked') === 'true';
	}
	d.routeOther = txt(route, 'other');
	d.recIntro = txt(cover, 'recommendations/intro');
	d.recs = kids(child(cover, 'recommendations'), 'recommendation')
	    .map((r) => ({ text: r.textContent.trim() }));
	d.relevance = paraText(child(cover, 'relevance'), true);
	for (const o of kids(child(cover, 'implications/national-outcomes'),
	    'outcome'))
		d['outcome-' + o.textContent.trim()] = true;
	for (const [k] of IMPLICATIONS)
		d['impl-' + k] = txt(cover, 'implications/' + k);
	d.councilImpl = txt(cover, 'council-implications');
	d.hbImpl = txt(cover, 'health-board-implications');
	const req = txt(cover, 'direction-required');
	for (const [k] of DIRECTION_TO)
		d['dirto-' + k] = k === req;
	d.sections = kids(child(root, 'report'), 'section').map((s) => ({
		title: txt(s, 'title'),
		body: kids(s, 'para').map((p) => {
			const list = child(p, 'list');
			const letter = list && list.getAttribute('style') ===
			    'letter';
			return [unmixed(child(p, 'text'))].concat(kids(list, 'item')
			    .map((it, i) => (letter ? String.fromCharCode(97 + i) +
				') ' : '- ') + unmixed(it))).join('\n');
		}).join('\n\n'),
	}));
	d.appendices = kids(root, 'appendix').map((a) => {
		const t = child(a, 'table');
		const table = t ? [kids(t, 'column').map((c) =>
		    c.textContent.trim()).join(' | ')].concat(kids(t, 'row')
		    .map((r) => kids(r, 'cell').map((c) => c.textContent.trim())
		    .join(' | '))).join('\n') : '';
		return { title: txt(a, 'title'),
		    paras: kids(a, 'p').map(unmixed).join('\n\n'), table };
	});
	if (dir) {
		d.ref = txt(dir, 'reference');
		d.reportTitle = txt(dir, 'report-title');
		d.dateIssued = txt(dir, 'date-issued');
		d.dateEffective = txt(dir, 'date-effective');
		const prev = child(dir, 'previous-directions');
		d.prevEffect = prev ? prev.getAttribute('effect') : 'none';
		d.prevRefs = kids(prev, 'reference')
		    .map((r) => ({ ref: r.textContent.trim() }));
		d.functions = kids(child(dir, 'functions'), 'function')
		    .map((f) => ({ name: f.textContent.trim() }));
		d.fullText = paraText(child(dir, 'full-text'), false);
		d.budgetText = paraText(child(dir, 'budget/text'), false);
		d.allocations = kids(child(dir, 'budget'), 'allocation').map((a) =>
		    ({ purpose: txt(a, 'purpose'), amount: txt(a, 'amount'),
			period: txt(a, 'period') }));
		d.monitoring = paraText(child(dir, 'performance-monitoring'), false);
		d.reviewDate = txt(dir, 'review/date');
		d.reviewMonth = txt(dir, 'review/month');
	}
	return d;
}

// ---- errors beside their fields -----------------------------------------

function clearErrors() {
	for (const e of document.querySelectorAll('.err')) {
		e.hidden = true;
		e.textContent = '';
	}
	for (const e of document.querySelectorAll('[aria-invalid]'))
		e.removeAttribute('aria-invalid');
	document.getElementById('summary').hidden = true;
}

// What the schema says, in the secretary's words where we can: a pattern
// or a type is the field's hint, not a regular expression.
function plainMessage(msg, value, key) {
	const hint = document.getElementById(key + '-hint');
	if (value === '' && /not a valid value|not accepted by the pattern|length|Missing child|not expected|not an element|empty/i.test(msg))
		return 'Fill this in.';
	if (/not accepted by the pattern|not a valid value of the atomic type|not an element of the set/.test(msg)) {
		const type = (document.getElementById(key) || {}).type;
		if (type === 'date' || type === 'month')
			return 'Give a whole date.';
		return '"' + value + '" is not in the form ' +
		    (hint ? 'described above.' : 'asked for.');
	}
	if (/maxLength|length .* greater/.test(msg))
		return 'This is too long: shorten it.';
	return msg.replace(/\{urn:carex:doc:1\}/g, '')
	    .replace(/^Element '[^']*'(, attribute '[^']*')?: /, '')
	    .replace(/\[facet '[^']*'\] /, '');
}

// A schema error on a group of boxes or rows, said for that group.
const GROUP_MESSAGES = {
	'g-direction-to': 'Tick one box.',
	'g-outcomes': 'Tick each outcome the report serves (at least one).',
	'recs': 'Add at least one recommendation.',
	'functions': 'Add at least one function.',
	'sections': 'Add at least one section.',
};

function labelOf(key) {
	const e = document.getElementById(key);
	if (!e)
		return 'The draft';
	if (e.tagName === 'FIELDSET')
		return e.querySelector('legend').textContent;
	const l = document.querySelector('label[for="' + key + '"]');
	return l ? l.textContent.replace(/ \(optional\)$/, '') : key;
}

// errors: [{ line, column, rule, message }]; keys: the line map.
function showErrors(errors, keys, d) {
	clearErrors();
	if (!errors.length)
		return;
	const list = document.getElementById('summary-list');
	list.replaceChildren();
	const seen = new Set();
	for (const er of errors) {
		let key = keys[er.line - 1] || 'summary';
		let el = document.getElementById(key);
		if (el && el.closest('fieldset:disabled'))
			continue;
		// A direction left unticked shows once, at its checkboxes.
		if (!el) {
			key = 'summary';
			el = null;
		}
		const value = el && 'value' in el && el.tagName !== 'FIELDSET' &&
		    el.tagName !== 'SELECT' ? el.value.trim() : null;
		const text = er.rule === 'XSD' && GROUP_MESSAGES[key] ?
		    GROUP_MESSAGES[key] : er.rule === 'XSD' || er.rule === 'XML' ?
		    plainMessage(er.message, value, key) : er.message;
		if (seen.has(key + text))
			continue;
		seen.add(key + text);
		if (el) {
			const slot = document.getElementById(key + '-err');
			slot.hidden = false;
			slot.append(h('span', { text: text }));
			if (el.tagName !== 'FIELDSET')
				el.setAttribute('aria-invalid', 'true');
		}
		list.append(h('li', {}, el ? h('a', { href: '#' + key,
		    text: labelOf(key) + ': ' + text }) : h('span', {
		    text: text + (er.line ? ' (line ' + er.line + ')' : '') })));
	}
	document.getElementById('summary').hidden = list.children.length === 0;
	void d;
}

function problemErrors(xmlText) {
	const doc = new DOMParser().parseFromString(xmlText, 'application/xml');
	const get = (n) => {
		const e = doc.getElementsByTagNameNS('urn:ietf:rfc:7807', n)[0];
		return e ? e.textContent : '';
	};
	const errors = Array.from(doc.getElementsByTagNameNS(PROBLEM_NS,
	    'error')).map((e) => ({ line: +e.getAttribute('line'),
	    column: +e.getAttribute('column'), rule: e.getAttribute('rule'),
	    message: e.textContent }));
	return { title: get('title'), detail: get('detail'), errors };
}

// ---- render, save, issue --------------------------------------------------

let timer = null;
let inflight = null;
let previewUrl = null;
let lastXml = null;

function now() {
	return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function save(d) {
	try {
		localStorage.setItem(STORE_KEY, JSON.stringify(d));
		document.getElementById('saved').textContent = 'Draft kept in ' +
		    'this browser at ' + new Date().toLocaleTimeString('en-GB',
		    { hour: '2-digit', minute: '2-digit' }) + '.';
	} catch (e) {
		document.getElementById('saved').textContent = 'This browser ' +
		    'cannot keep the draft: download it to keep it.';
	}
}

function reflect(d) {
	const to = directionTo(d);
	const none = to === 'none';
	const fs = document.getElementById('g-direction');
	fs.disabled = none;
	document.getElementById('direction-none').hidden = !none;
	const names = { council: d.councilName || 'the council',
	    'health-board': d.hbName || 'the health board' };
	document.getElementById('dirto-echo').textContent = to === '' ?
	    'Tick "Direction to" on the report cover.' : to === 'none' ?
	    'No direction required.' : to === 'both' ? names.council + ' and ' +
	    names['health-board'] : names[to] + ' only';
	const r = recipientsOf(d).map((c) => (c === oneLine(d.hbCode) ?
	    d.hbName : d.councilName) + ' (' + c + ')');
	document.getElementById('recipients').textContent = r.length ?
	    'It will be sent to ' + r.join(' and ') + (to === 'none' ?
	    ', for information.' : '.') :
	    'Tick "Direction to" on the report cover to choose the recipients.';
	const issued = !!d.issuedId;
	document.getElementById('issue').disabled = issued;
	document.getElementById('reissue').hidden = !issued;
	document.getElementById('prevRefs').hidden = d.prevEffect === 'none' &&
	    (d.prevRefs || []).length === 0;
}

function changed() {
	const d = collect();
	draft = d;
	reflect(d);
	clearTimeout(timer);
	timer = setTimeout(() => {
		save(d);
		render(d);
	}, DEBOUNCE_MS);
}

async function render(d) {
	const { xml, keys } = toXml(d, now());
	const status = document.getElementById('preview-status');
	if (inflight)
		inflight.abort();
	const ctl = new AbortController();
	inflight = ctl;
	status.textContent = 'Checking the draft…';
	let res;
	try {
		res = await fetch('/v1/render', { method: 'POST', body: xml,
		    headers: { 'Content-Type': 'application/xml' },
		    signal: ctl.signal, credentials: 'same-origin' });
	} catch (e) {
		if (e.name !== 'AbortError')
			status.textContent = 'The exchange could not be reached: ' +
			    'the draft is kept here; try again shortly.';
		return;
	}
	if (inflight !== ctl)
		return;
	inflight = null;
	if (res.ok) {
		const blob = await res.blob();
		if (previewUrl)
			URL.revokeObjectURL(previewUrl);
		previewUrl = URL.createObjectURL(blob);
		const frame = document.getElementById('preview');
		frame.src = previewUrl;
		frame.hidden = false;
		lastXml = xml;
		clearErrors();
		status.textContent = 'The draft is valid. Preview updated at ' +
		    new Date().toLocaleTimeString('en-GB') + '.';
		document.body.dataset.state = 'valid';
		return;
	}
	const p = problemErrors(await res.text());
	if (res.status === 403)
		p.errors = [{ line: keys.indexOf('boardCode') + 1, rule: 'policy',
		    message: p.detail + ' Give the exchange code of your ' +
		    'own board.' }];
	showErrors(p.errors.length ? p.errors : [{ line: 0, rule: '',
	    message: p.title + ': ' + p.detail }], keys, d);
	const n = document.querySelectorAll('#summary-list li').length;
	status.textContent = n === 1 ? 'One thing to correct before the ' +
	    'direction can be issued.' : n + ' things to correct before the ' +
	    'direction can be issued.';
	if (lastXml)
		status.textContent += ' The preview shows the last valid draft.';
	document.body.dataset.state = 'invalid';
}

const STAGES = { stored: 'Stored, waiting for the recipient',
    acknowledged: 'Acknowledged', accepted: 'Accepted',
    rejected: 'Rejected' };

async function showStatus(id) {
	const box = document.getElementById('issue-result');
	const res = await fetch('/v1/documents/' + encodeURIComponent(id) +
	    '/status', { credentials: 'same-origin' });
	if (!res.ok)
		return;
	const doc = new DOMParser().parseFromString(await res.text(),
	    'application/xml');
	const rows = Array.from(doc.getElementsByTagNameNS('urn:carex:api:1',
	    'recipient')).map((r) => {
		const g = (a) => r.getAttribute(a);
		const stage = g('rejected') ? 'rejected' : g('accepted') ?
		    'accepted' : g('taken') ? 'acknowledged' : 'stored';
		const when = g('rejected') || g('accepted') || g('taken');
		return h('tr', { 'data-stage': stage },
		    h('th', { scope: 'row', text: g('code') }),
		    h('td', { text: STAGES[stage] +
			(g('reason') ? ' (' + g('reason') + ')' : '') +
			(g('overdue') ? ', overdue' : '') }),
		    h('td', { text: when ? new Date(when).toLocaleString('en-GB')
			: '' }));
	});
	const table = h('table', { class: 'status' },
	    h('caption', { text: 'Document ' + id }),
	    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Recipient' }),
		h('th', { scope: 'col', text: 'Status' }),
		h('th', { scope: 'col', text: 'Since' }))),
	    h('tbody', {}, rows));
	const old = box.querySelector('table.status');
	if (old)
		old.replaceWith(table);
	else
		box.append(table);
}

let poll = null;

async function issue(ev) {
	ev.preventDefault();
	clearTimeout(timer);
	const d = collect();
	draft = d;
	save(d);
	const box = document.getElementById('issue-result');
	const { xml, keys } = toXml(d, now());
	box.replaceChildren(h('p', { text: 'Issuing…' }));
	let res;
	try {
		res = await fetch('/v1/documents', { method: 'POST', body: xml,
		    headers: { 'Content-Type': 'application/xml' },
		    credentials: 'same-origin' });
	} catch (e) {
		box.replaceChildren(h('p', { class: 'bad', text: 'The exchange ' +
		    'could not be reached. Nothing was issued; try again.' }));
		box.focus();
		return;
	}
	const text = await res.text();
	if (res.status !== 201) {
		const p = problemErrors(text);
		showErrors(p.errors, keys, d);
		box.replaceChildren(h('p', { class: 'bad', text: 'Not issued. ' +
		    p.title + ': ' + p.detail }));
		box.focus();
		return;
	}
	const rec = new DOMParser().parseFromString(text, 'application/xml')
	    .documentElement;
	const id = rec.getAttribute('id');
	draft.issuedId = id;
	save(draft);
	reflect(draft);
	box.dataset.id = id;
	box.replaceChildren(h('p', { class: 'good', text: 'Direction issued ' +
	    'and stored as document ' + id + '.' }),
	    h('button', { type: 'button', id: 'refresh-status',
		text: 'Refresh status' }));
	box.querySelector('#refresh-status').addEventListener('click',
	    () => showStatus(id));
	await showStatus(id);
	box.focus();
	clearInterval(poll);
	let n = 0;
	poll = setInterval(() => {
		if (++n > 60)
			clearInterval(poll);
		showStatus(id);
	}, 5000);
}

function download() {
	const d = collect();
	const { xml } = toXml(d, now());
	const a = h('a', { href: URL.createObjectURL(new Blob([xml],
	    { type: 'application/xml' })), download: 'direction-' +
	    (oneLine(d.ref) || 'draft').replace(/[^A-Za-z0-9._-]/g, '_') +
	    '.xml' });
	document.body.append(a);
	a.click();
	setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function open(ev) {
	const file = ev.target.files[0];
	if (!file)
		return;
	const reader = new FileReader();
	reader.onload = () => {
		try {
			fill(fromXml(String(reader.result)));
			document.getElementById('issue-result').replaceChildren();
			changed();
			document.getElementById('saved').textContent = 'Opened ' +
			    file.name + '.';
		} catch (e) {
			document.getElementById('saved').textContent = e.message;
		}
		ev.target.value = '';
	};
	reader.readAsText(file);
}

function start() {
	const form = document.getElementById('form');
	build(form);
	let d = null;
	try {
		d = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
	} catch (e) {
		d = null;
	}
	fill(d || blank());
	reflect(draft);
	form.addEventListener('input', changed);
	form.addEventListener('change', (ev) => {
		// "Direction to": the paper's checkboxes, one ticked at a time.
		if (ev.target.id && ev.target.id.startsWith('dirto-') &&
		    ev.target.checked)
			for (const [k] of DIRECTION_TO)
				if ('dirto-' + k !== ev.target.id)
					document.getElementById('dirto-' + k).checked =
					    false;
		changed();
	});
	form.addEventListener('submit', issue);
	document.getElementById('download').addEventListener('click', download);
	// An issued direction is corrected by a new document that names it
	// in <supersedes>, under a new message id.
	document.getElementById('reissue').addEventListener('click', () => {
		const d = collect();
		d.supersedesId = d.issuedId;
		d.messageId = blank().messageId;
		delete d.issuedId;
		fill(d);
		document.getElementById('issue-result').replaceChildren();
		changed();
		document.getElementById('supersedesId').focus();
	});
	document.getElementById('open-file').addEventListener('change', open);
	document.getElementById('new-draft').addEventListener('click', () => {
		if (!window.confirm('Start a new draft? Download this one first ' +
		    'if you want to keep it.'))
			return;
		fill(blank());
		clearErrors();
		document.getElementById('issue-result').replaceChildren();
		changed();
	});
	if (d)
		changed();
	if (draft.issuedId)
		showStatus(draft.issuedId);
}

document.addEventListener('DOMContentLoaded', start);
