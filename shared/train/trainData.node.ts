import { splitTail, takeFirst, type Dataset } from '../data/dataset'
import { loadMnist } from '../data/mnist'
import { ConfigError, dataProblems, type TrainConfig } from './config'
import type { TrainData } from './train'

/** Loads the config's dataset from disk and cuts it into train / validation / test as the config says. */
export function loadTrainData(config: TrainConfig): TrainData {
  if (config.dataset !== 'mnist')
    throw new ConfigError([{ fields: ['dataset'], message: `unknown dataset "${config.dataset}" (built in: mnist)` }])
  const mnist = loadMnist()
  return splitForConfig(config, mnist.train, mnist.test)
}

/** Throws a ConfigError when the config does not fit these files (see dataProblems). */
export function splitForConfig(config: TrainConfig, trainFile: Dataset, testFile: Dataset): TrainData {
  const problems = dataProblems(config, trainFile)
  if (problems.length > 0) throw new ConfigError(problems)
  const { head, tail } = splitTail(trainFile, config.validationSize)
  const train = config.trainLimit > 0 ? takeFirst(head, Math.min(config.trainLimit, head.count)) : head
  const test = config.testLimit > 0 ? takeFirst(testFile, Math.min(config.testLimit, testFile.count)) : testFile
  return { train, validation: tail.count > 0 ? tail : null, test }
}
