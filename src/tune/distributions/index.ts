export type {
  CategoricalChoice, ParamValue, FloatDistribution, IntDistribution, CategoricalDistribution, Distribution, NumericOptions,
} from './distribution.js';
export {
  floatDistribution, intDistribution, categoricalDistribution, sameDistribution, toInternal, toExternal, contains,
  snapToDistribution, isSingleValue,
} from './distribution.js';
export { fromUnit, toUnit } from './unit-mapping.js';
