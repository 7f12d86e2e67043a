import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { MAX_LAMBDA_PAYLOAD } from '#local/http-adapter.ts';
import type { SdkCall } from '../iam/sdk-calls.ts';
import type { TwinFunction } from './synth.ts';

/** Lambda's synchronous invocation limits: 6 MB of request and of response, as JSON (the local adapter's too). */
const MAX_PAYLOAD_BYTES = MAX_LAMBDA_PAYLOAD;

export class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** An AWS SDK call a function made, by the function's construct id. */
export interface RecordedCall extends SdkCall {
  fn: string;
}

interface Sandbox {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
}

/**
 * One function of the twin, run as Lambda runs it: its bundle in sandboxes of their own (Node processes with the
 * function's environment and nothing else of ours), one invocation per sandbox at a time, more sandboxes for
 * concurrent invocations, the event and result as JSON within Lambda's 6 MB, the function's timeout and memory size
 * enforced (the sandbox is then discarded, as Lambda does). Every AWS SDK call a sandbox makes is reported to `onCall`.
 */
export class TwinLambda {
  private readonly sandboxes: Sandbox[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly log: WriteStream;
  private nextId = 0;
  invocations = 0;
  coldStarts = 0;
  /** The most memory any of its sandboxes used over an invocation (MB, resident set). */
  peakRssMb = 0;

  constructor(
    readonly fn: TwinFunction,
    private readonly options: {
      workerFile: string;
      environment: Record<string, string>;
      nodeOptions: string[];
      logFile: string;
      offsetMs: () => number;
      onCall: (call: RecordedCall) => void;
      maxSandboxes?: number;
    },
  ) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  async invoke(event: unknown): Promise<unknown> {
    const json = JSON.stringify(event ?? null);
    if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
      throw new LambdaError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    }
    this.invocations++;
    const sandbox = await this.take();
    try {
      return await this.run(sandbox, json);
    } finally {
      sandbox.busy = false;
      this.waiting.shift()?.();
    }
  }

  private async take(): Promise<Sandbox> {
    for (;;) {
      const idle = this.sandboxes.find((s) => !s.busy);
      if (idle) {
        idle.busy = true;
        await idle.ready;
        return idle;
      }
      if (this.sandboxes.length < (this.options.maxSandboxes ?? 4)) {
        const s = this.spawn();
        s.busy = true;
        await s.ready;
        return s;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private spawn(): Sandbox {
    this.coldStarts++;
    const child = fork(this.options.workerFile, [], {
      env: this.options.environment,
      execArgv: this.options.nodeOptions,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.on('message', (m: { kind: string; call?: SdkCall }) => {
      if (m.kind === 'call' && m.call) this.options.onCall({ ...m.call, fn: this.fn.id });
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { kind: string }) => {
        if (m.kind === 'ready') {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new LambdaError('Runtime.ExitError', `sandbox exited (${code})`)));
    });
    ready.catch(() => undefined);
    const sandbox = { child, ready, busy: false };
    child.once('exit', () => {
      const i = this.sandboxes.indexOf(sandbox);
      if (i >= 0) this.sandboxes.splice(i, 1);
    });
    this.sandboxes.push(sandbox);
    return sandbox;
  }

  private run(sandbox: Sandbox, json: string): Promise<unknown> {
    const id = ++this.nextId;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // As Lambda: the invocation fails and the sandbox is thrown away (the next one starts cold).
        cleanup();
        this.discard(sandbox);
        reject(
          new LambdaError(
            'Sandbox.Timedout',
            `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`,
          ),
        );
      }, timeoutMs);
      const onExit = (code: number | null) => {
        cleanup();
        reject(
          new LambdaError(
            'Runtime.ExitError',
            `RequestId: ${id} Error: Runtime exited with error: exit status ${code}`,
          ),
        );
      };
      const onMessage = (m: {
        kind: string;
        id?: number;
        payload?: string;
        error?: { errorType: string; errorMessage: string };
        rssBytes?: number;
      }) => {
        if (m.kind !== 'result' || m.id !== id) return;
        cleanup();
        const usedMb = (m.rssBytes ?? 0) / 1024 / 1024;
        this.peakRssMb = Math.max(this.peakRssMb, usedMb);
        if (usedMb > this.fn.memoryMb) {
          // As Lambda: past its memory size the sandbox is killed, the invocation fails, the next one starts cold.
          this.discard(sandbox);
          return reject(
            new LambdaError(
              'Runtime.OutOfMemory',
              `RequestId: ${id} Error: Runtime exited with error: signal: killed (${Math.ceil(usedMb)} MB used of ${this.fn.memoryMb} MB)`,
            ),
          );
        }
        if (m.error) return reject(new LambdaError(m.error.errorType, m.error.errorMessage));
        const payload = m.payload ?? 'null';
        if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
          return reject(
            new LambdaError(
              'Function.ResponseSizeTooLarge',
              `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`,
            ),
          );
        }
        resolve(JSON.parse(payload));
      };
      const cleanup = () => {
        clearTimeout(timer);
        sandbox.child.off('message', onMessage);
        sandbox.child.off('exit', onExit);
      };
      sandbox.child.on('message', onMessage);
      sandbox.child.once('exit', onExit);
      sandbox.child.send({
        id,
        event: json,
        offsetMs: this.options.offsetMs(),
        deadlineMs: Date.now() + timeoutMs,
        requestId: randomUUID(),
      });
    });
  }

  /** Out of the pool at once (before its process has exited), so no invocation is sent to it. */
  private discard(sandbox: Sandbox): void {
    const i = this.sandboxes.indexOf(sandbox);
    if (i >= 0) this.sandboxes.splice(i, 1);
    sandbox.child.kill('SIGKILL');
  }

  /** The same function with another memory size, sandboxes of its own (a check of the twin's limit itself). */
  resized(memoryMb: number): TwinLambda {
    return new TwinLambda({ ...this.fn, memoryMb }, this.options);
  }

  /** Discard every sandbox, as Lambda does after a while idle: the next invocation starts cold. */
  recycle(): void {
    for (const s of this.sandboxes.splice(0)) s.child.kill('SIGKILL');
  }

  stop(): void {
    for (const s of this.sandboxes) s.child.kill('SIGKILL');
    this.sandboxes.length = 0;
    this.log.end();
  }
}
