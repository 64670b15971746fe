import "./app/fast-start";
import { runSynth } from "./app/run";
console.log(typeof runSynth, Math.round(process.uptime() * 1000), "ms at loaded", Math.round(process.cpuUsage().user / 1000), "ms user");
