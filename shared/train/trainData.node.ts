import { splitTail, takeFirst, type Dataset } from '../data/dataset';
import { loadMnist } from '../data/mnist';
import type { TrainConfig } from './config';
import type { TrainData } from './train';

/** Loads the config's dataset from disk and cuts it into train / validation / test as the config says. */
export function loadTrainData(config: TrainConfig): TrainData {
  if (config.dataset !== 'mnist') throw new Error(`unknown dataset "${config.dataset}" (built in: mnist)`);
  const mnist = loadMnist();
  return splitForConfig(config, mnist.train, mnist.test);
}

export function splitForConfig(config: TrainConfig, trainFile: Dataset, testFile: Dataset): TrainData {
  if (config.validationSize >= trainFile.count) {
    throw new Error(`validation size ${config.validationSize} leaves no training data (the set has ${trainFile.count} examples)`);
  }
  const { head, tail } = splitTail(trainFile, config.validationSize);
  const train = config.trainLimit > 0 ? takeFirst(head, Math.min(config.trainLimit, head.count)) : head;
  const test = config.testLimit > 0 ? takeFirst(testFile, Math.min(config.testLimit, testFile.count)) : testFile;
  return { train, validation: tail.count > 0 ? tail : null, test };
}
