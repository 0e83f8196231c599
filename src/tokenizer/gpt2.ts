// GPT-2's encoding through js-tiktoken's light build: the same tokens as the full build, a tenth of its size.
import {Tiktoken} from "js-tiktoken/lite";
import gpt2 from "js-tiktoken/ranks/gpt2";

let encoding: Tiktoken | undefined;
export function gpt2Encoding(): Tiktoken {
  return (encoding ??= new Tiktoken(gpt2));
}
