import { canSendVideoCodec, type StreamPublisher, type VideoCodecChoice } from '../../lib/media-publisher.ts';

const CODECS: readonly VideoCodecChoice[] = ['vp8', 'h264'];

const isVideoCodecChoice = (value: string): value is VideoCodecChoice => (CODECS as readonly string[]).includes(value);

/** The video codec select: codecs this browser cannot encode are disabled; a change while live republishes. */
export function mountCodecPicker(select: HTMLSelectElement, publisher: StreamPublisher): void {
  for (const option of select.options) {
    if (isVideoCodecChoice(option.value) && !canSendVideoCodec(option.value)) {
      option.disabled = true;
      option.textContent = `${option.textContent} (not in this browser)`;
    }
  }
  select.value = publisher.videoCodec;
  select.addEventListener('change', () => {
    if (isVideoCodecChoice(select.value)) publisher.setVideoCodec(select.value);
  });
}
