import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A minimal protocol-buffers writer, just enough to emit ONNX files. Messages are kept as trees
 * of parts with known lengths, so a model of several hundred MB can be streamed to disk while its
 * big tensors are still being generated: nothing holds the whole file in memory.
 */

/** Bytes whose length is known up front but whose content is produced only while writing. */
export interface LazyBytes {
  readonly byteLength: number;
  /** Yields the content in order; the chunk lengths must add up to {@link byteLength}. */
  chunks(): Iterable<Uint8Array>;
}

type Part = Uint8Array | LazyBytes | ProtoMessage;

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH = 2;

const encoder = new TextEncoder();

/** Encodes an unsigned or signed (two's complement, 64-bit) integer as a varint. */
export function encodeVarint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Uint8Array.from(bytes);
}

function key(field: number, wire: number): Uint8Array {
  return encodeVarint((field << 3) | wire);
}

/** One protobuf message under construction; fields are appended in call order. */
export class ProtoMessage {
  readonly parts: Part[] = [];
  byteLength = 0;

  private push(part: Part): void {
    this.parts.push(part);
    this.byteLength += part.byteLength;
  }

  /** A varint field (int32, int64, enum, bool). */
  varint(field: number, value: number | bigint): this {
    this.push(key(field, WIRE_VARINT));
    this.push(encodeVarint(value));
    return this;
  }

  /** A 32-bit float field. */
  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(key(field, WIRE_FIXED32));
    this.push(bytes);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A length-delimited field holding raw bytes, lazily produced bytes, or a nested message. */
  bytes(field: number, value: Uint8Array | LazyBytes | ProtoMessage): this {
    this.push(key(field, WIRE_LENGTH));
    this.push(encodeVarint(value.byteLength));
    this.push(value);
    return this;
  }

  message(field: number, value: ProtoMessage): this {
    return this.bytes(field, value);
  }
}

function isMessage(part: Part): part is ProtoMessage {
  return part instanceof ProtoMessage;
}

function isLazy(part: Part): part is LazyBytes {
  return !(part instanceof Uint8Array) && !isMessage(part);
}

/** Visits the leaf byte chunks of a message in file order. */
function* leafChunks(message: ProtoMessage): Generator<Uint8Array> {
  for (const part of message.parts) {
    if (isMessage(part)) yield* leafChunks(part);
    else if (isLazy(part)) {
      let produced = 0;
      for (const chunk of part.chunks()) {
        produced += chunk.byteLength;
        yield chunk;
      }
      if (produced !== part.byteLength) {
        throw new Error(`lazy bytes produced ${produced} bytes, announced ${part.byteLength}`);
      }
    } else yield part;
  }
}

/** Serialises a message into one buffer (fine for small models and tests). */
export function encodeMessage(message: ProtoMessage): Uint8Array {
  const out = new Uint8Array(message.byteLength);
  let offset = 0;
  for (const chunk of leafChunks(message)) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Streams a message to a file. Small parts are gathered in a staging buffer so the file gets a
 * few large writes instead of millions of tiny ones.
 */
export function writeMessageToFile(filePath: string, message: ProtoMessage, stagingBytes = 1 << 20): void {
  const fd = openSync(filePath, 'w');
  try {
    const staging = Buffer.allocUnsafe(stagingBytes);
    let used = 0;
    const flush = (): void => {
      let written = 0;
      while (written < used) written += writeSync(fd, staging, written, used - written);
      used = 0;
    };
    for (const chunk of leafChunks(message)) {
      if (chunk.byteLength >= stagingBytes) {
        flush();
        let written = 0;
        while (written < chunk.byteLength) {
          written += writeSync(fd, chunk, written, chunk.byteLength - written);
        }
        continue;
      }
      if (used + chunk.byteLength > stagingBytes) flush();
      staging.set(chunk, used);
      used += chunk.byteLength;
    }
    flush();
  } finally {
    closeSync(fd);
  }
}
