// tests/peer-recognizers.js FILE: Microsoft Recognizers-Text (Chinese
// culture) over FILE, one paragraph a line, for tests/bench-peer.sh.
// The models are built once, outside the timing, as a service would keep
// them. CPU time. Prints one line per model: "peer-date BYTES SECONDS ENTITIES".
'use strict';
const fs = require('fs');
const { Culture } = require('@microsoft/recognizers-text-suite');
const { NumberRecognizer } = require('@microsoft/recognizers-text-number');
const { DateTimeRecognizer } = require('@microsoft/recognizers-text-date-time');

const file = process.argv[2];
const text = fs.readFileSync(file, 'utf8');
const paras = text.split('\n').filter((l) => l.length > 0);
const bytes = Buffer.byteLength(text, 'utf8');
const ref = new Date(2021, 2, 15);
const models = {
	'peer-date': new DateTimeRecognizer(Culture.Chinese).getDateTimeModel(),
	'peer-number': new NumberRecognizer(Culture.Chinese).getNumberModel(),
};
for (const [name, model] of Object.entries(models)) {
	model.parse(paras[0], ref);	// warm up: the first call compiles the regexes
	// CPU time, as the C side is measured: the machine is shared
	const t0 = process.cpuUsage();
	let n = 0;
	for (const p of paras)
		n += model.parse(p, ref).length;
	const used = process.cpuUsage(t0);
	const secs = (used.user + used.system) / 1e6;
	console.log(`${name} ${bytes} ${secs.toFixed(3)} ${n}`);
}
