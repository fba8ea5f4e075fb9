// onnx-proto's typings name protobufjs's `Long` as a global without importing it; this gives it a shape.
declare global {
  interface Long {
    toNumber(): number;
    toString(): string;
  }
}
export {};
