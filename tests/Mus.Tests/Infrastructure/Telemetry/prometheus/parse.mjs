// Reads Prometheus text exposition from stdin with an independent parser and writes its families as JSON.
import parse from "parse-prometheus-text-format";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;
const families = parse(text).map((family) => ({
  name: family.name,
  type: family.type,
  samples: family.metrics.length,
  values: family.metrics.map((m) => Number(m.value ?? m.count ?? 0)),
}));
process.stdout.write(JSON.stringify(families));
