import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

/** One part of a zip, already deflated, with what its directory entry says about it. */
export interface ZipPart {
  name: string
  deflated: Buffer
  crc: number
  /** The unpacked size the directory declares. */
  size: number
}

export const part = (name: string, data: Buffer): ZipPart => ({
  name,
  deflated: deflateRawSync(data),
  crc: crc32(data),
  size: data.length,
})

/** The parts of a zip (as ExcelJS writes one), each deflated again, to build test workbooks from. */
export function zipParts(zip: Buffer): ZipPart[] {
  let end = zip.length - 22
  while (zip.readUInt32LE(end) !== 0x06054b50) end--
  const parts: ZipPart[] = []
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    const local = zip.readUInt32LE(at + 42)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const stored = zip.subarray(start, start + zip.readUInt32LE(at + 20))
    parts.push(part(name, zip.readUInt16LE(at + 10) === 0 ? stored : inflateRawSync(stored)))
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  return parts
}

/** A zip of deflated parts, written plainly (no data descriptors, no Zip64). */
export function writeZip(parts: readonly ZipPart[]): Buffer {
  const out: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const p of parts) {
    const name = Buffer.from(p.name)
    const header = (size: number, signature: number) => {
      const h = Buffer.alloc(size)
      h.writeUInt32LE(signature, 0)
      return h
    }
    const local = header(30, 0x04034b50)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(p.crc, 14)
    local.writeUInt32LE(p.deflated.length, 18)
    local.writeUInt32LE(p.size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = header(46, 0x02014b50)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(p.crc, 16)
    central.writeUInt32LE(p.deflated.length, 20)
    central.writeUInt32LE(p.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    out.push(local, name, p.deflated)
    directory.push(central, name)
    offset += 30 + name.length + p.deflated.length
  }
  const dir = Buffer.concat(directory)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...out, dir, end])
}

/**
 * A part of `megabytes` MiB of one repeated byte, never held unpacked: one MiB deflated without a final
 * block, repeated, then an empty final block, is one valid deflate stream.
 */
export function deflatedRepeat(name: string, megabytes: number, byte = 0x20): ZipPart {
  const chunk = Buffer.alloc(1 << 20, byte)
  const block = deflateRawSync(chunk, { finishFlush: constants.Z_SYNC_FLUSH })
  let crc = 0
  for (let i = 0; i < megabytes; i++) crc = crc32(chunk, crc)
  const deflated = Buffer.concat([
    ...Array.from({ length: megabytes }, () => block),
    deflateRawSync(Buffer.alloc(0)),
  ])
  return { name, deflated, crc, size: megabytes * (1 << 20) }
}
