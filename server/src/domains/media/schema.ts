import { z } from 'zod';
import { text } from '../../schemas.ts';

/**
 * Payloads of the `media:` socket events. The RTP and DTLS objects are checked for their shape
 * here; mediasoup validates their contents and rejects what it cannot use.
 */
const id = text().min(1).max(100);

const RtpCodec = z.looseObject({
  mimeType: text().min(3).max(100),
  clockRate: z.number().int().positive(),
  payloadType: z.number().int().min(0).max(127).optional(),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  channels: z.number().int().positive().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  rtcpFeedback: z.array(z.looseObject({ type: z.string() })).optional(),
});

const HeaderExtension = z.looseObject({ uri: text().max(200) });

export const StreamRef = z.object({ streamId: id });

export const TransportRequest = z.object({ streamId: id, direction: z.enum(['send', 'recv']) });

export const ConnectRequest = z.object({
  transportId: id,
  dtlsParameters: z.looseObject({
    role: z.enum(['auto', 'client', 'server']).optional(),
    fingerprints: z.array(z.object({ algorithm: text().max(20), value: text().max(200) })).min(1),
  }),
});

export const ProduceRequest = z.object({
  transportId: id,
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.looseObject({
    mid: text().max(32).optional(),
    codecs: z.array(RtpCodec.extend({ payloadType: z.number().int().min(0).max(127) })).min(1),
    headerExtensions: z.array(HeaderExtension).optional(),
    encodings: z.array(z.looseObject({})).max(4).optional(),
    rtcp: z.looseObject({}).optional(),
  }),
});

export const ConsumeRequest = z.object({
  transportId: id,
  rtpCapabilities: z.looseObject({
    codecs: z.array(RtpCodec.extend({ kind: z.enum(['audio', 'video']) })).optional(),
    headerExtensions: z.array(HeaderExtension).optional(),
  }),
});

export const ConsumerRef = z.object({ consumerId: id });

export const SetLayersRequest = z.object({
  consumerId: id,
  spatialLayer: z.number().int().min(0).max(2),
  temporalLayer: z.number().int().min(0).max(2).optional(),
});
