/**
 * One colour and one point shape per method kind, the same in every report: ReFT methods in cool
 * hues (blues, purples, teal) with pointed shapes, weight-based baselines (and RED, the ReFT paper's
 * baseline) in warm hues (reds, oranges, browns) with round or square shapes. A second method of the
 * same kind in one report gets a lighter shade of that kind's colour, a third a darker one, and so on.
 */
import type { MethodKind } from '../../types/run-spec.ts';
import { methodFamily } from '../method-family.ts';

export interface MethodStyle {
  colour: string;
  /** A Vega symbol shape: a named shape or an SVG path in a [-1, 1] box. */
  shape: string;
}

const STAR = 'M0,-1L0.24,-0.33L0.95,-0.31L0.39,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.39,0.12L-0.95,-0.31L-0.24,-0.33Z';
const HEXAGON = 'M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z';
const PENTAGON = 'M0,-1L0.95,-0.31L0.59,0.81L-0.59,0.81L-0.95,-0.31Z';

export const methodStyles: Readonly<Record<MethodKind, MethodStyle>> = {
  // ReFT: cool hues, pointed shapes.
  loreft: { colour: '#1f5fbf', shape: 'diamond' },
  direft: { colour: '#7b3fb5', shape: 'triangle-up' },
  noreft: { colour: '#1b9fc4', shape: 'triangle-down' },
  nodireft: { colour: '#a77fd6', shape: 'triangle-right' },
  consreft: { colour: '#3a3f9e', shape: 'triangle-left' },
  lobireft: { colour: '#0f8a7e', shape: STAR },
  // Weight-based baselines and RED: warm hues, round and square shapes.
  lora: { colour: '#d62728', shape: 'circle' },
  dora: { colour: '#f28e1c', shape: 'square' },
  full: { colour: '#7f4a2a', shape: 'cross' },
  bitfit: { colour: '#c9a400', shape: HEXAGON },
  red: { colour: '#e0609e', shape: PENTAGON },
  adapter: { colour: '#a83232', shape: 'square' },
  prompt: { colour: '#b8662c', shape: 'circle' },
  prefix: { colour: '#e8a06a', shape: HEXAGON },
  ia3: { colour: '#8c1c3c', shape: PENTAGON },
  loha: { colour: '#ff6f4a', shape: 'cross' },
  lokr: { colour: '#b08d57', shape: 'circle' },
  vera: { colour: '#d9534f', shape: HEXAGON },
  oft: { colour: '#9c6b00', shape: 'square' },
};

const UNKNOWN: MethodStyle = { colour: '#777777', shape: 'circle' };

/** The style of a kind (an unknown kind, from a newer harness, is grey circles). */
export function styleOfKind(kind: string): MethodStyle {
  return Object.hasOwn(methodStyles, kind) ? methodStyles[kind as MethodKind] : UNKNOWN;
}

/** Whether a kind is in the ReFT family (false for an unknown kind). */
export function isReftKind(kind: string): boolean {
  return Object.hasOwn(methodFamily, kind) && methodFamily[kind as MethodKind] === 'reft';
}

/** Mixes a #rrggbb colour with white (amount > 0) or black (amount < 0). */
export function shade(colour: string, amount: number): string {
  const target = amount > 0 ? 255 : 0;
  const weight = Math.abs(amount);
  const channels = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
  return `#${channels.map((c) => Math.round(c + (target - c) * weight).toString(16).padStart(2, '0')).join('')}`;
}

/** Shades for the 2nd, 3rd, … method of one kind: lighter, darker, lighter still, darker still. */
const VARIANTS = [0, 0.45, -0.35, 0.7, -0.55];

/**
 * Colour and shape of each method, in the given order (the table's): the method's kind decides both;
 * methods sharing a kind are told apart by shade.
 */
export function methodStylesFor(methods: readonly { method: string; kind: string }[]): { colours: string[]; shapes: string[] } {
  const seen = new Map<string, number>();
  const colours: string[] = [];
  const shapes: string[] = [];
  for (const { kind } of methods) {
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    const style = styleOfKind(kind);
    const amount = VARIANTS[n % VARIANTS.length]!;
    colours.push(amount === 0 ? style.colour : shade(style.colour, amount));
    shapes.push(style.shape);
  }
  return { colours, shapes };
}
