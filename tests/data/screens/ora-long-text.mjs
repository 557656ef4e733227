import ora from 'ora';
const log = (s) => new Promise(r => setTimeout(r, s));
console.log("resolving packages for the workspace");
const spinner = ora({text: "fetching", interval: 40}).start();
for (let i = 1; i <= 6; i++) {
  spinner.text = `fetching tarballs ${i}/6: ` + `@scope/package-with-a-long-name-${i}@1.${i}.0 `.repeat(3).trim();
  await log(120);
  if (i == 3) { spinner.stop(); console.log(`warning: retrying @scope/package-with-a-long-name-3 (ECONNRESET)`); spinner.start(); }
}
spinner.succeed("fetched 6 tarballs");
console.log("done in 0.8s");
