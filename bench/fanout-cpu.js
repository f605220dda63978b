// Preloaded by bench/many.sh into ../shared/bench/many-subscribers.js (node -r): prints, as the
// script exits, the CPU time that the load generator and the server (process WSFILE_SERVER_PID)
// used from the moment the file was sent until the last subscriber had it. When the load
// generator's own CPU time is near the delivery time, it, not the server, sets the pace.
const fs = require('fs');
const WebSocket = require('ws');

const TICK_MS = 1000 / Number(process.env.WSFILE_CLK_TCK || 100);
function serverTicks() {
  const fields = fs.readFileSync(`/proc/${process.env.WSFILE_SERVER_PID}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);   // utime and stime
}

let sent = null;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, ...rest) {
  if (sent === null && typeof data === 'string' && data.startsWith('message:')) {
    sent = { cpu: process.cpuUsage(), ticks: serverTicks() };
  }
  return send.call(this, data, ...rest);
};
process.on('exit', () => {
  if (sent === null) return;
  const cpu = process.cpuUsage(sent.cpu);
  console.log(JSON.stringify({
    load_generator_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    server_cpu_ms: Math.round((serverTicks() - sent.ticks) * TICK_MS),
  }));
});
