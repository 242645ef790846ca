/**
 * A shipment lives in the order's status history: the `shipped` step's reason carries the carrier
 * and the tracking number as the merchant typed them ("shipped: SF Express SF123"). Both are free
 * text with spaces, so they are kept together and read back as one line.
 */
const SHIPPED = 'shipped';
const PREFIX = `${SHIPPED}: `;

/** The history reason for a parcel handed to a carrier. */
export function shipmentReason(shipment: { carrier?: string | undefined; trackingNumber?: string | undefined }): string {
  const tracking = [shipment.carrier, shipment.trackingNumber].filter(Boolean).join(' ');
  return tracking ? `${PREFIX}${tracking}` : SHIPPED;
}

/** The carrier and tracking number written by shipmentReason(), or null when the merchant gave none. */
export function trackingOfReason(reason: string | null): string | null {
  return reason?.startsWith(PREFIX) ? reason.slice(PREFIX.length) || null : null;
}
