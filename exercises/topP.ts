// Keep the smallest set of most likely tokens whose probabilities add up to at least p;
// give every other token 0 and rescale the kept ones so they sum to 1.
function nucleus(probabilities: number[], p: number): number[] {
  return probabilities.slice(); // keeps everything for now
}
