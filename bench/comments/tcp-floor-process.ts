// A child of tcp-floor.ts: `server` accepts connections and, when asked, writes one frame to each;
// `client <port> <count>` opens connections and only reads.
import net from 'node:net';

const [role, portArg, countArg] = process.argv.slice(2);
const reply = (message: unknown) => process.send?.(message);

if (role === 'server') {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.push(socket);
  });
  server.listen(0, '127.0.0.1', () => reply({ port: (server.address() as net.AddressInfo).port }));
  process.on('message', (frameBytes: number) => {
    const frame = Buffer.alloc(frameBytes, 'a');
    const before = process.cpuUsage();
    for (const socket of sockets) socket.write(frame);
    const used = process.cpuUsage(before);
    reply({ writes: sockets.length, cpuMicros: used.user + used.system });
  });
} else {
  const count = Number(countArg);
  let connected = 0;
  for (let i = 0; i < count; i++) {
    const socket = net.connect(Number(portArg), '127.0.0.1', () => {
      if (++connected === count) reply({ ready: true });
    });
    socket.on('data', () => {});
  }
  process.on('message', () => {
    const used = process.cpuUsage();
    reply({ cpuMicros: used.user + used.system });
  });
}
