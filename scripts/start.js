// Runs the API and the worker side by side (npm start). Each process applies pending
// migrations under an advisory lock at boot, so starting both together is safe.
// SIGTERM or SIGINT stops both; if either dies, the other is stopped too.
import { spawn } from 'node:child_process';

const processes = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
};

const children = Object.entries(processes).map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the rest`);
      stop(code || 1);
    }
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
  return child;
});

let stopping = false;
let exitCode = 0;
function stop(code = 0) {
  stopping = true;
  exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
