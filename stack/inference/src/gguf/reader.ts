import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { GGUF_MAGIC, GgufValueType } from "./format.ts";

export interface GgufTensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: number;
  readonly offset: number;
}

export interface GgufHeader {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, unknown>;
  /** Value type per key, so callers can check strictness (e.g. counts are UINT32). */
  readonly metadataTypes: ReadonlyMap<string, number>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly dataOffset: number;
  readonly fileBytes: number;
}

const HEADER_READ_LIMIT = 64 * 1024 * 1024;

/** Reads the header, metadata and tensor infos of a GGUF file (enough to check what the generator wrote). */
export function readGgufHeader(path: string): GgufHeader {
  const fd = openSync(path, "r");
  try {
    const fileBytes = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(fileBytes, HEADER_READ_LIMIT));
    readSync(fd, buf, 0, buf.length, 0);
    let pos = 0;
    const need = (n: number): void => {
      if (pos + n > buf.length) throw new Error(`GGUF ${path}: truncated header at byte ${pos}`);
    };
    const u32 = (): number => (need(4), (pos += 4), buf.readUInt32LE(pos - 4));
    const u64 = (): number => (need(8), (pos += 8), Number(buf.readBigUInt64LE(pos - 8)));
    const str = (): string => {
      const len = u64();
      need(len);
      pos += len;
      return buf.toString("utf8", pos - len, pos);
    };
    const scalar = (type: number): unknown => {
      switch (type) {
        case GgufValueType.UINT8: return (need(1), (pos += 1), buf.readUInt8(pos - 1));
        case GgufValueType.INT8: return (need(1), (pos += 1), buf.readInt8(pos - 1));
        case GgufValueType.UINT16: return (need(2), (pos += 2), buf.readUInt16LE(pos - 2));
        case GgufValueType.INT16: return (need(2), (pos += 2), buf.readInt16LE(pos - 2));
        case GgufValueType.UINT32: return u32();
        case GgufValueType.INT32: return (need(4), (pos += 4), buf.readInt32LE(pos - 4));
        case GgufValueType.FLOAT32: return (need(4), (pos += 4), buf.readFloatLE(pos - 4));
        case GgufValueType.BOOL: return (need(1), (pos += 1), buf.readUInt8(pos - 1) !== 0);
        case GgufValueType.STRING: return str();
        case GgufValueType.UINT64: return u64();
        case GgufValueType.INT64: return (need(8), (pos += 8), Number(buf.readBigInt64LE(pos - 8)));
        case GgufValueType.FLOAT64: return (need(8), (pos += 8), buf.readDoubleLE(pos - 8));
        default: throw new Error(`GGUF ${path}: unknown value type ${type} at byte ${pos}`);
      }
    };
    if (u32() !== GGUF_MAGIC) throw new Error(`GGUF ${path}: bad magic`);
    const version = u32();
    const tensorCount = u64();
    const kvCount = u64();
    const metadata = new Map<string, unknown>();
    const metadataTypes = new Map<string, number>();
    for (let i = 0; i < kvCount; i++) {
      const key = str();
      const type = u32();
      metadataTypes.set(key, type);
      if (type === GgufValueType.ARRAY) {
        const elemType = u32();
        const count = u64();
        const values: unknown[] = [];
        for (let j = 0; j < count; j++) values.push(scalar(elemType));
        metadata.set(key, values);
      } else {
        metadata.set(key, scalar(type));
      }
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = str();
      const dims = u32();
      const shape: number[] = [];
      for (let j = 0; j < dims; j++) shape.push(u64());
      tensors.push({ name, shape, type: u32(), offset: u64() });
    }
    const alignment = Number(metadata.get("general.alignment") ?? 32);
    const dataOffset = Math.ceil(pos / alignment) * alignment;
    return { version, metadata, metadataTypes, tensors, dataOffset, fileBytes };
  } finally {
    closeSync(fd);
  }
}
