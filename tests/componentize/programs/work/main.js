// Real work at the top level, frozen into the snapshot: thousands of
// objects in Maps, regexes, JSON, classes and closures.
class Account {
  #history = [];
  constructor(id, owner) {
    this.id = id;
    this.owner = owner;
  }
  deposit(amount) {
    this.#history.push(amount);
    return this;
  }
  get balance() {
    return this.#history.reduce((a, b) => a + b, 0);
  }
}

const counter = (() => {
  let n = 0;
  return () => ++n;
})();

const accounts = new Map();
for (let i = 0; i < 5000; i++) {
  const account = new Account(i, `owner-${i % 97}@example.${i % 3 ? 'org' : 'com'}`);
  for (let k = 0; k < (i % 7) + 1; k++) account.deposit((i * 31 + k * 17) % 1000);
  accounts.set(account.id, account);
  counter();
}

const email = /^owner-(\d+)@example\.(org|com)$/;
const byDomain = new Map();
for (const account of accounts.values()) {
  const [, number, domain] = email.exec(account.owner);
  const list = byDomain.get(domain) ?? [];
  list.push(Number(number));
  byDomain.set(domain, list);
}

const summary = JSON.parse(
  JSON.stringify({
    accounts: accounts.size,
    total: [...accounts.values()].reduce((a, x) => a + x.balance, 0),
    domains: [...byDomain].map(([d, l]) => [d, l.length, l.reduce((a, b) => a + b, 0)]),
    made: counter(),
  }),
);

export function run() {
  const richest = [...accounts.values()].sort((a, b) => b.balance - a.balance || a.id - b.id)[0];
  return `${JSON.stringify(summary)} richest=${richest.id}:${richest.balance}`;
}
