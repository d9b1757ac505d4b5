import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
export const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;

export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

export const GgmlType = { F32: 0 } as const;

export type GgufValue =
  | { readonly type: "u32"; readonly value: number }
  | { readonly type: "i32"; readonly value: number }
  | { readonly type: "f32"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "string[]"; readonly value: readonly string[] }
  | { readonly type: "f32[]"; readonly value: ArrayLike<number> }
  | { readonly type: "i32[]"; readonly value: ArrayLike<number> };

export type GgufMetadata = ReadonlyArray<readonly [key: string, value: GgufValue]>;

/** Fills `out` with elements `[start, start + out.length)`; called once per chunk, in order. */
export type Filler = (out: Float32Array, start: number) => void;

export interface TensorSpec {
  readonly name: string;
  /** Dimensions innermost-first, as GGUF stores them (ne[0] is the contiguous one). */
  readonly shape: readonly number[];
  /** A fresh filler per write, so writing twice gives the same bytes. */
  readonly source: () => Filler;
}

export function tensorElements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  u32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(v);
    this.push(b);
  }

  i32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32LE(v);
    this.push(b);
  }

  u64(v: number): void {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }

  f32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatLE(v);
    this.push(b);
  }

  bool(v: boolean): void {
    this.push(Buffer.from([v ? 1 : 0]));
  }

  str(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }

  zeros(n: number): void {
    if (n > 0) this.push(Buffer.alloc(n));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case "u32":
      sink.u32(GgufValueType.UINT32);
      sink.u32(value.value);
      return;
    case "i32":
      sink.u32(GgufValueType.INT32);
      sink.i32(value.value);
      return;
    case "f32":
      sink.u32(GgufValueType.FLOAT32);
      sink.f32(value.value);
      return;
    case "bool":
      sink.u32(GgufValueType.BOOL);
      sink.bool(value.value);
      return;
    case "string":
      sink.u32(GgufValueType.STRING);
      sink.str(value.value);
      return;
    case "string[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.STRING);
      sink.u64(value.value.length);
      for (const s of value.value) sink.str(s);
      return;
    case "f32[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.FLOAT32);
      sink.u64(value.value.length);
      for (let i = 0; i < value.value.length; i++) sink.f32(value.value[i] ?? 0);
      return;
    case "i32[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.INT32);
      sink.u64(value.value.length);
      for (let i = 0; i < value.value.length; i++) sink.i32(value.value[i] ?? 0);
      return;
  }
}

export interface GgufLayout {
  readonly header: Buffer;
  /** Byte offset of each tensor relative to the start of the data section. */
  readonly offsets: readonly number[];
  readonly dataBytes: number;
  readonly totalBytes: number;
}

/** Header, metadata and tensor infos, padded so the data section starts aligned. */
export function layoutGguf(metadata: GgufMetadata, tensors: readonly TensorSpec[]): GgufLayout {
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.str(key);
    writeValue(sink, value);
  }
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    sink.str(t.name);
    sink.u32(t.shape.length);
    for (const dim of t.shape) sink.u64(dim);
    sink.u32(GgmlType.F32);
    sink.u64(offset);
    offsets.push(offset);
    offset += alignUp(tensorElements(t.shape) * 4, GGUF_ALIGNMENT);
  }
  sink.zeros(alignUp(sink.length, GGUF_ALIGNMENT) - sink.length);
  const header = sink.toBuffer();
  return { header, offsets, dataBytes: offset, totalBytes: header.length + offset };
}

const CHUNK_ELEMENTS = 1 << 20;

/** Streams the file to `<path>.partial` and renames it, so a crash never leaves a half model at `path`. */
export function writeGguf(path: string, metadata: GgufMetadata, tensors: readonly TensorSpec[]): GgufLayout {
  const layout = layoutGguf(metadata, tensors);
  const partial = `${path}.partial`;
  const fd = openSync(partial, "w", 0o644);
  try {
    writeSync(fd, layout.header);
    const chunk = new Float32Array(CHUNK_ELEMENTS);
    const padding = Buffer.alloc(GGUF_ALIGNMENT);
    for (const t of tensors) {
      const total = tensorElements(t.shape);
      const fill = t.source();
      for (let start = 0; start < total; start += CHUNK_ELEMENTS) {
        const view = chunk.subarray(0, Math.min(CHUNK_ELEMENTS, total - start));
        view.fill(0);
        fill(view, start);
        writeSync(fd, new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      }
      const pad = alignUp(total * 4, GGUF_ALIGNMENT) - total * 4;
      if (pad > 0) writeSync(fd, padding.subarray(0, pad));
    }
  } catch (err) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(partial, path);
  return layout;
}
