/**
 * The chart helpers beneath the specs: method styles (a colour and shape for every kind, ReFT in
 * cool hues, the rest in warm ones), the pixel geometry the dodging relies on (held to vega's own
 * scales), the dodging itself, and the SI tick labels as vega draws them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { dodge, GAP, MIN_GAP } from '../../src/report/charts/dodge.ts';
import { logTicks, niceMax, pixelPositions, xDomain } from '../../src/report/charts/layout.ts';
import { methodStyles, methodStylesFor, shade } from '../../src/report/charts/method-style.ts';
import { siLabel } from '../../src/report/charts/specs.ts';
import { methodFamily } from '../../src/report/method-family.ts';

function hue(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

test('every kind has a style; ReFT kinds are cool hues (170°–290°), the others warm (≤ 60° or ≥ 300°); colours distinct within each family', () => {
  for (const [kind, style] of Object.entries(methodStyles)) {
    const h = hue(style.colour);
    if (methodFamily[kind as keyof typeof methodFamily] === 'reft') assert.ok(h >= 170 && h <= 290, `${kind} ${style.colour} hue ${h}`);
    else assert.ok(h <= 60 || h >= 300, `${kind} ${style.colour} hue ${h}`);
  }
  const colours = Object.values(methodStyles).map((s) => s.colour);
  assert.equal(new Set(colours).size, colours.length);
  assert.deepEqual(methodStylesFor([{ method: 'a', kind: 'lora' }, { method: 'b', kind: 'lora' }]).colours, [methodStyles.lora.colour, shade(methodStyles.lora.colour, 0.45)]);
  assert.deepEqual(methodStylesFor([{ method: 'x', kind: 'from-the-future' }]), { colours: ['#777777'], shapes: ['circle'] });
});

test('niceMax and pixelPositions agree with vega\'s own scales', () => {
  for (const max of [0.7, 3, 9.5, 123, 1.07e12 * 1.12, 4.4e11, 2.5e9]) {
    const scale = vega.scale('linear')().domain([0, max]).nice();
    assert.equal(niceMax(max), scale.domain()[1], `nice max of ${max}`);
  }
  const domain = xDomain([0.0159, 0.02, 0.02, 0.12, 60], 'log');
  const log = vega.scale('log')().domain(domain).range([0, 258]);
  const ours = pixelPositions([0.0159, 0.02, 0.12, 60], 'log', domain, 258);
  [0.0159, 0.02, 0.12, 60].forEach((v, i) => assert.ok(Math.abs(log(v) - ours[i]!) < 1e-6));
  assert.deepEqual(domain, [0.01, 100], 'a log domain reaches the next power of ten when it is near');
  assert.ok(xDomain([0.02, 95], 'log')[1] > 95 * 1.2, 'but not when a point would sit on the frame');
  assert.deepEqual(logTicks([0.01, 100]), [0.01, 0.1, 1, 10, 100]);
  assert.deepEqual(logTicks([0.5, 30]), [0.5, 1, 2, 5, 10, 20]);
});

test('dodging: overlapping points are spread GAP px apart around where they were, in table order; far points stay; values shared exactly are flagged', () => {
  const values = [0.02, 0.1, 0.02, 0.0201, 50];
  const domain = xDomain(values, 'log');
  const { offsets, sharedX } = dodge(values, 'log', domain, 258);
  const pixels = pixelPositions(values, 'log', domain, 258);
  const drawn = pixels.map((p, i) => p + offsets[i]!);
  assert.equal(offsets[1], 0);
  assert.equal(offsets[4], 0);
  const cluster = [0, 2, 3].map((i) => drawn[i]!).sort((a, b) => a - b);
  assert.ok(cluster[1]! - cluster[0]! >= GAP - 0.01 && cluster[2]! - cluster[1]! >= GAP - 0.01, `spread: ${cluster}`);
  assert.ok(drawn[0]! < drawn[2]!, 'equal values keep table order');
  assert.ok(Math.abs(cluster.reduce((s, v) => s + v, 0) / 3 - [0, 2, 3].reduce((s, i) => s + pixels[i]!, 0) / 3) < 0.05, 'centred where they were');
  assert.deepEqual(sharedX, [true, false, true, false, false]);
  assert.ok(MIN_GAP >= GAP);
  assert.deepEqual(dodge([1, 2], 'linear-from-zero', [0, 2], 300).offsets, [0, 0]);
});

test('SI tick labels read as people write them: 0 FLOP, 500 GFLOP, 1.07 TFLOP', async () => {
  const spec = {
    data: { values: [{ x: 0 }, { x: 1.07e12 }] },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1.2e12] }, axis: { values: [0, 5e11, 1.07e12], labelExpr: siLabel('FLOP') } } },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const label of ['0 FLOP', '500 GFLOP', '1.07 TFLOP']) assert.ok(labels.includes(label), `${label} in ${labels.join(' | ')}`);
});
