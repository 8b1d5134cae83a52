// Test support: Ethernet/IPv4/TCP frames and classic pcap files built byte by byte (no capture needed).

/** An Ethernet/IPv4/TCP frame. */
export function tcpFrame(src: string, dst: string, sport: number, dport: number, seq: number, flags: number, payload: Buffer): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  src.split(".").forEach((o, i) => (ip[12 + i] = Number(o)));
  dst.split(".").forEach((o, i) => (ip[16 + i] = Number(o)));
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, tcp, payload]);
}

/** A classic pcap (Ethernet link type) of the frames, little-endian unless asked otherwise. */
export function pcapFile(frames: Buffer[], opts: { bigEndian?: boolean } = {}): Buffer {
  const be = opts.bigEndian === true;
  const g = Buffer.alloc(24);
  const w32 = (b: Buffer, v: number, o: number): number => (be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  w32(g, 0xa1b2c3d4, 0);
  be ? g.writeUInt16BE(2, 4) : g.writeUInt16LE(2, 4);
  be ? g.writeUInt16BE(4, 6) : g.writeUInt16LE(4, 6);
  w32(g, 262144, 16);
  w32(g, 1, 20);
  const recs = frames.map((f, i) => {
    const h = Buffer.alloc(16);
    w32(h, 1700000000 + i, 0);
    w32(h, 500, 4);
    w32(h, f.length, 8);
    w32(h, f.length, 12);
    return Buffer.concat([h, f]);
  });
  return Buffer.concat([g, ...recs]);
}
