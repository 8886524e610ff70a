import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import protobuf from 'protobufjs';
import { encodeModel, GraphBuilder } from '../../tools/modelgen/onnx';
import { decodeOnnx, initializerNamed } from './decodeOnnx';
import {
  encodeMessage,
  encodeVarint,
  ProtoMessage,
  writeMessageToFile,
  type LazyBytes,
} from '../../tools/modelgen/protobuf';

describe('protobuf writer', () => {
  it('encodes varints like protobuf, including negative int64 as ten bytes', () => {
    expect(Array.from(encodeVarint(0))).toEqual([0]);
    expect(Array.from(encodeVarint(1))).toEqual([1]);
    expect(Array.from(encodeVarint(300))).toEqual([0xac, 0x02]);
    expect(Array.from(encodeVarint(250037 * 384))).toEqual(
      Array.from(
        protobuf.Writer.create()
          .uint64(250037 * 384)
          .finish(),
      ),
    );
    expect(Array.from(encodeVarint(-1))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    ]);
  });

  it('streams to a file byte for byte what it encodes in memory, with lazy parts of any size', () => {
    const lazy: LazyBytes = {
      byteLength: 3000,
      *chunks() {
        for (let start = 0; start < 3000; start += 700) {
          yield Uint8Array.from({ length: Math.min(700, 3000 - start) }, (_, index) => (start + index) % 251);
        }
      },
    };
    const inner = new ProtoMessage().string(1, 'äöü').bytes(2, lazy).varint(3, 7);
    const outer = new ProtoMessage().message(1, inner).float(2, 0.5).bytes(3, new Uint8Array(1500).fill(9));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quellen-proto-'));
    try {
      const file = path.join(dir, 'x.bin');
      writeMessageToFile(file, outer, 1024);
      const inMemory = encodeMessage(outer);
      expect(inMemory.byteLength).toBe(outer.byteLength);
      expect(Buffer.from(readFileSync(file)).equals(Buffer.from(inMemory))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses lazy bytes that produce a different length than announced', () => {
    const liar: LazyBytes = {
      byteLength: 4,
      *chunks() {
        yield new Uint8Array(3);
      },
    };
    expect(() => encodeMessage(new ProtoMessage().bytes(1, liar))).toThrow(
      'lazy bytes produced 3 bytes, announced 4',
    );
  });
});

describe('encodeModel', () => {
  it('writes nodes, attributes, initializers, inputs and outputs that an independent decoder reads back', () => {
    const g = new GraphBuilder('demo', 13);
    const x = g.input('x', 'float32', ['batch', 4]);
    const w = g.floats('w', [1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const axes = g.int64s('axes', [-1]);
    g.scope = 'block';
    const y = g.op('MatMul', [x, w]);
    g.op('Softmax', [y], { axis: { i: -1 } });
    g.op('Transpose', [y], { perm: { ints: [1, 0] } });
    g.op('Mul', [y, g.floats('half', [0.5], [])], {});
    g.renameLastOutput('y');
    g.output('y', 'float32', ['batch', 2]);
    const decoded = decodeOnnx(encodeMessage(encodeModel(g.graph)));
    const tensor = (name: string) => initializerNamed(decoded, name);

    expect(decoded.irVersion).toBe(7);
    expect(decoded.opsetImport).toEqual([{ domain: '', version: 13 }]);
    const graph = decoded.graph;
    expect(graph.name).toBe('demo');
    expect(graph.node.map((node) => node.opType)).toEqual(['MatMul', 'Softmax', 'Transpose', 'Mul']);
    expect(graph.node[0]?.name).toBe('block/MatMul_0');
    expect(graph.node[1]?.attribute).toEqual([{ name: 'axis', i: -1, type: 2 }]);
    expect(graph.node[2]?.attribute).toEqual([{ name: 'perm', ints: [1, 0], type: 7 }]);
    expect(graph.node[3]?.output).toEqual(['y']);
    const weights = tensor('w');
    expect(weights.dims).toEqual([4, 2]);
    expect(weights.dataType).toBe(1);
    expect(Array.from(new Float32Array(Uint8Array.from(weights.rawData).buffer))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    const axesTensor = tensor(axes);
    expect(axesTensor.dataType).toBe(7);
    expect(Array.from(new BigInt64Array(Uint8Array.from(axesTensor.rawData).buffer))).toEqual([-1n]);
    expect(tensor('half').dims ?? []).toEqual([]);
    expect(graph.input).toEqual([
      {
        name: 'x',
        type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 4 }] } } },
      },
    ]);
    expect(graph.output[0]?.name).toBe('y');
  });

  it('rejects an initializer whose data does not match its shape', () => {
    const g = new GraphBuilder('bad');
    expect(() => g.floats('w', [1, 2, 3], [2, 2])).toThrow('initializer w: 12 bytes, expected 16');
  });
});
