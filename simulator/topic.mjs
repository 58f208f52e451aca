// @ts-check

/**
 * RabbitMQ topic-exchange matching on dot-separated words: `*` matches exactly one word,
 * `#` matches zero or more words.
 * @param {string} pattern binding pattern, e.g. `event.agent.*.5001@test_cc`
 * @param {string} key routing key, e.g. `event.agent.agent.5001@test_cc`
 * @returns {boolean}
 */
export function topicMatches(pattern, key) {
  const p = pattern.split('.');
  const k = key.split('.');
  /** @type {Map<string, boolean>} */
  const memo = new Map();
  /** @type {(i: number, j: number) => boolean} */
  const match = (i, j) => {
    const id = `${i},${j}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    let result;
    if (i === p.length) result = j === k.length;
    else if (p[i] === '#') result = match(i + 1, j) || (j < k.length && match(i, j + 1));
    else result = j < k.length && (p[i] === '*' || p[i] === k[j]) && match(i + 1, j + 1);
    memo.set(id, result);
    return result;
  };
  return match(0, 0);
}
