/**
 * The part of the WebAssembly JavaScript API the optimizer's kernel uses (Node has it at runtime;
 * @types/node 20 and the ES libraries of this tsconfig do not declare it; lib.dom would bring it with
 * the whole DOM). If the project ever adds a lib that declares WebAssembly, delete this file.
 */
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
