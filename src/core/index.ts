export { KeelError, UsageError, DataError, GraphError, RuntimeError, isKeelError } from './errors.js';
