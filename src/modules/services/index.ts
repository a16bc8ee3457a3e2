/** 政务服务概况: the year's service figures, read from the modules that keep the records. */
export { servicesSummary, summaryText, percent, type ServicesSummary } from './summary.ts';

import { defineModule } from '../../platform/module.ts';
import { registerServicesCli } from './cli.ts';

/**
 * The seed's 政务服务 figures in one place (`gongkai services summary`): it owns no table; it
 * reads the power list, the network and the cases through their ports.
 */
export const servicesModule = defineModule({
  name: 'services',
  cli: (program, deps) => registerServicesCli(program, deps),
  requires: ['powerCounts', 'networkCounts', 'caseCounts'],
});
