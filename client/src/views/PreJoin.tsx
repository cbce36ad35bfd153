import { useEffect, useRef, useState } from 'preact/hooks';
import { LocaleSwitch, useApp } from '../ui/index.js';
import { JoinCodeForm } from '../features/join-code/index.js';
import { mediaConstraints, mediaErrorKey, networkQuality, type NetworkQuality } from './prejoin-checks.js';

const NETWORK_SAMPLES = 3;

async function measureNetwork(): Promise<NetworkQuality> {
  const samples: number[] = [];
  for (let i = 0; i < NETWORK_SAMPLES; i++) {
    const started = performance.now();
    try {
      await fetch(`${import.meta.env.BASE_URL}?probe=${Date.now()}-${i}`, {
        method: 'HEAD',
        cache: 'no-store',
        credentials: 'omit',
      });
      samples.push(performance.now() - started);
    } catch {
      // A failed probe counts as a missing sample.
    }
  }
  return networkQuality(samples);
}

function useDevices(stream: MediaStream | null) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const refresh = () => void navigator.mediaDevices.enumerateDevices().then(setDevices);
    refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, [stream]);
  return devices;
}

/** Mic level 0..1 from an AnalyserNode, so people see their microphone works before joining. */
function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 256;
    context.createMediaStreamSource(stream).connect(analyser);
    const data = new Uint8Array(analyser.frequencyBinCount);
    const id = setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(peak / 128);
    }, 150);
    return () => {
      clearInterval(id);
      void context.close();
    };
  }, [stream]);
  return level;
}

/** Camera/mic preview, device choice, permission help and a network check before entering the room. */
export function PreJoin(props: { onJoin(stream: MediaStream | null): void; onSession(token: string): void }) {
  const { t, claims } = useApp();
  const [camera, setCamera] = useState<string | false>('');
  const [microphone, setMicrophone] = useState<string | false>('');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [network, setNetwork] = useState<NetworkQuality | 'checking'>('checking');
  const video = useRef<HTMLVideoElement>(null);
  const handedOver = useRef(false);
  /** The device request in flight (null: none), so Join pressed before the preview appears waits for it. */
  const acquiring = useRef<Promise<MediaStream | null> | null>(null);
  const [joining, setJoining] = useState(false);
  const devices = useDevices(stream);
  const level = useMicLevel(stream);

  useEffect(() => {
    void measureNetwork().then(setNetwork);
  }, []);

  useEffect(() => {
    let cancelled = false;
    let acquired: MediaStream | null = null;
    setError(null);
    acquiring.current = null;
    if (camera === false && microphone === false) {
      setStream(null);
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('prejoin.error.unsupported');
      return;
    }
    acquiring.current = navigator.mediaDevices.getUserMedia(mediaConstraints(camera, microphone)).then(
      (s) => {
        // Join waits for the current request with the page still open, so only a superseded request ends cancelled.
        if (cancelled) {
          s.getTracks().forEach((tr) => tr.stop());
          return null;
        }
        acquired = s;
        setStream(s);
        return s;
      },
      (err: unknown) => {
        if (!cancelled) setError(mediaErrorKey(err));
        return null;
      },
    );
    return () => {
      cancelled = true;
      if (!handedOver.current) acquired?.getTracks().forEach((tr) => tr.stop());
    };
  }, [camera, microphone]);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const microphones = devices.filter((d) => d.kind === 'audioinput');
  const deviceSelect = (
    label: string,
    list: MediaDeviceInfo[],
    value: string | false,
    set: (v: string | false) => void,
    id: string,
  ) => (
    <label for={id}>
      {label}
      <select
        id={id}
        disabled={joining}
        value={value === false ? 'off' : value}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          set(v === 'off' ? false : v);
        }}
      >
        <option value="">{t('prejoin.default')}</option>
        {list
          .filter((d) => d.deviceId)
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('prejoin.deviceN', { n: i + 1 })}
            </option>
          ))}
        <option value="off">{t('prejoin.off')}</option>
      </select>
    </label>
  );

  return (
    <main class="prejoin" aria-labelledby="prejoin-title">
      <header class="topbar">
        <h1 id="prejoin-title">{t('prejoin.title')}</h1>
        <LocaleSwitch />
      </header>
      <p class="muted" data-testid="identity" data-role={claims.role}>
        {claims.name} · {t(`role.${claims.role}`)}
      </p>
      <p>{t('prejoin.greeting', { name: claims.name })}</p>
      <div class="prejoin__body">
        <div class="prejoin__preview">
          {stream && stream.getVideoTracks().length > 0 ? (
            <video ref={video} autoPlay playsInline muted data-testid="preview" aria-label={t('prejoin.preview')} />
          ) : (
            <div class="prejoin__placeholder">{t(camera === false ? 'prejoin.cameraOff' : 'prejoin.noPreview')}</div>
          )}
          <div
            class="meter"
            role="meter"
            aria-label={t('prejoin.micLevel')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(level * 100)}
          >
            <div class="meter__fill" style={{ width: `${Math.min(100, Math.round(level * 300))}%` }} />
          </div>
        </div>
        <div class="prejoin__settings stack">
          {deviceSelect(t('prejoin.camera'), cameras, camera, setCamera, 'camera-select')}
          {deviceSelect(t('prejoin.microphone'), microphones, microphone, setMicrophone, 'mic-select')}
          {error ? (
            <div class="help" role="alert" data-testid="media-error">
              <p>
                <strong>{t(error)}</strong>
              </p>
              {error === 'prejoin.error.denied' ? <p>{t('prejoin.help.denied')}</p> : null}
            </div>
          ) : null}
          <p class={`network network--${network}`} role="status" data-testid="network">
            {t(`prejoin.network.${network}`)}
          </p>
          <button
            type="button"
            class="primary big"
            disabled={joining}
            onClick={() => {
              handedOver.current = true;
              setJoining(true);
              // Pressed before the camera answered (a permission prompt, a slow device): join with it once it does.
              void (stream ? Promise.resolve(stream) : (acquiring.current ?? Promise.resolve(null))).then(props.onJoin);
            }}
            data-testid="join"
          >
            {joining && !stream ? t('prejoin.waitingForDevices') : t('prejoin.join')}
          </button>
          <details class="prejoin__code">
            <summary>{t('joinCode.otherSession')}</summary>
            <JoinCodeForm onSession={props.onSession} />
          </details>
        </div>
      </div>
    </main>
  );
}
