/**
 * One-key dispatch: shows the catalogue's proposal (lead and cooperating posts, each with who acts
 * for it now, A or B, and the phone) and dispatches on the second `d` (or Enter). Accepts first when
 * the event is new. The officer may change the posts; then a reason is required and logged.
 *
 * The panel is one intent, opened on one version of the event: its command id is made when it
 * opens and sent with every confirm (a second Enter is the same dispatch), with that version as
 * `expectedVersion` — if someone else dispatched the event meanwhile, the core refuses this one and
 * says who and when.
 */
import { Alert, Button, Input, Modal, Select, Space, Spin, Switch, Tag, type InputRef } from 'antd';
import { forwardRef, useCallback, useEffect, useEffectEvent, useImperativeHandle, useRef, useState } from 'react';
import type { DispatchProposal, PostInfo } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { useCommandId } from '../lib/command-id';
import { fill, useMessages } from '../locales';

export interface DispatchPanelHandle {
  /** The second keystroke: dispatch now (or as soon as the proposal has loaded). */
  confirm(): void;
  /** The proposal has arrived (or was refused): the dialog has put the focus where it belongs, so a key on another control is the officer's. */
  settled(): boolean;
}

export interface DispatchTarget {
  eventId: string;
  title: string;
  /** The version of the event the person was looking at when the dispatch began. */
  version: number;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export const DispatchPanel = forwardRef<DispatchPanelHandle, { target: DispatchTarget; onClose(): void; onDone(eventId: string): void }>(function DispatchPanel(
  { target, onClose, onDone },
  ref,
) {
  const m = useMessages();
  const desk = useDesk();
  const [proposal, setProposal] = useState<DispatchProposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [override, setOverride] = useState(false);
  const [lead, setLead] = useState<string | null>(null);
  const [cooperating, setCooperating] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const reasonRef = useRef<InputRef>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const confirmWhenReady = useRef(false);
  /**
   * The dialog has put the focus on 派单 itself (focusPlaced) and its opening is over (opened: until then
   * its focus trap may still move the focus to ×): from both on, a focus elsewhere is the officer's.
   */
  const focusPlaced = useRef(false);
  const opened = useRef(false);
  const inFlight = useRef(false);
  const alive = useRef(true);
  const commandId = useCommandId();

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // The page mounts one panel per dispatch (keyed by the event), so the proposal is read once.
  useFeedLoad(
    useCallback(() => api.events.proposeDispatch({ eventId: target.eventId }), [target.eventId]),
    {
      apply: (result) => {
        if (!result.ok) {
          setError(desk.describe(result.error));
          return;
        }
        setProposal(result.data);
        setLead(result.data.lead.id);
        setCooperating(result.data.cooperating.map((p) => p.id));
      },
    },
  );

  const changed =
    !!proposal &&
    (lead !== proposal.lead.id ||
      !sameSet(
        cooperating,
        proposal.cooperating.map((p) => p.id),
      ));

  const submit = async (p: DispatchProposal): Promise<void> => {
    if (inFlight.current) return;
    if (changed && !reason.trim()) {
      setError(m.errors.override_reason_required!);
      reasonRef.current?.focus();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const request = {
      eventId: p.eventId,
      leadPostId: lead ?? p.lead.id,
      cooperatingPostIds: cooperating.filter((id) => id !== lead),
      overrideReason: changed ? reason.trim() : undefined,
      commandId,
      expectedVersion: target.version,
    };
    const result = p.needsAccept ? await api.events.acceptAndDispatch(request) : await api.events.dispatch(request);
    inFlight.current = false;
    if (!alive.current) return;
    setBusy(false);
    if (result.ok) onDone(p.eventId);
    else setError(desk.describe(result.error));
  };

  useImperativeHandle(ref, () => ({
    confirm() {
      if (proposal) void submit(proposal);
      else confirmWhenReady.current = true;
    },
    settled: () => (focusPlaced.current && opened.current) || error !== null,
  }));

  // When the proposal arrives: Enter and the second `d` both confirm, so the focus goes to the
  // confirm button (not the close button, where Enter would close); a `d` pressed early confirms now.
  const onProposal = useEffectEvent((p: DispatchProposal) => {
    confirmRef.current?.focus();
    focusPlaced.current = true;
    if (confirmWhenReady.current) {
      confirmWhenReady.current = false;
      void submit(p);
    }
  });
  useEffect(() => {
    if (proposal) onProposal(proposal);
  }, [proposal]);

  const allPosts = desk.town?.posts ?? [];
  // A post the administrator deactivated takes nothing new (core refuses it too: post_inactive).
  const postOptions = allPosts.filter((p) => p.active !== false).map((p) => ({ value: p.id, label: `${p.name}${p.acting.name ? ` · ${p.acting.name}` : ''}` }));
  const shownLead = proposal ? (override ? (desk.post(lead) ?? proposal.lead) : proposal.lead) : null;
  const shownCoop = proposal ? (override ? cooperating.map((id) => desk.post(id)).filter((p): p is PostInfo => !!p) : proposal.cooperating) : [];

  return (
    <Modal
      open
      title={proposal?.needsAccept === false ? m.dispatch.title : m.dispatch.titleAccept}
      onCancel={onClose}
      width={680}
      keyboard
      mask={{ closable: true }}
      afterOpenChange={(open) => {
        opened.current = open;
        if (open && proposal) confirmRef.current?.focus();
      }}
      footer={
        <Space>
          <Button onClick={onClose} data-dispatch-key-pass>
            {m.dispatch.cancel}
          </Button>
          <Button ref={confirmRef} type="primary" loading={busy} disabled={!proposal} onClick={() => proposal && void submit(proposal)} data-testid="dispatch-confirm">
            {m.dispatch.confirm}
          </Button>
        </Space>
      }
    >
      <div className="dispatch-panel" data-testid="dispatch-panel-body">
        <div className="dispatch-event">{target.title}</div>
        {!proposal && !error && (
          <div className="center-pad">
            <Spin /> <span className="muted">{m.dispatch.loading}</span>
          </div>
        )}
        {shownLead && (
          <>
            <div className="dispatch-section-title">{m.dispatch.lead}</div>
            <PostLine post={shownLead} lead />
            <div className="dispatch-section-title">{m.dispatch.cooperating}</div>
            {shownCoop.length === 0 && <div className="muted">{m.dispatch.noCooperating}</div>}
            {shownCoop.map((p) => (
              <PostLine key={p.id} post={p} />
            ))}
            <div className="dispatch-override">
              <Switch size="small" checked={override} onChange={setOverride} aria-label={m.dispatch.override} data-testid="dispatch-override" data-dispatch-key-pass />{' '}
              <span>{m.dispatch.override}</span>
            </div>
            {override && (
              <div className="dispatch-override-form">
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  value={lead ?? undefined}
                  onChange={(v) => {
                    setLead(v);
                    setCooperating((c) => c.filter((id) => id !== v));
                  }}
                  options={postOptions}
                  placeholder={m.dispatch.chooseLead}
                  style={{ width: '100%' }}
                  data-testid="dispatch-lead"
                />
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  value={cooperating}
                  onChange={setCooperating}
                  options={postOptions.filter((o) => o.value !== lead)}
                  placeholder={m.dispatch.chooseCooperating}
                  style={{ width: '100%' }}
                  data-testid="dispatch-cooperating"
                />
                {changed && <Alert type="warning" showIcon title={m.dispatch.overridden} />}
                <Input.TextArea
                  ref={reasonRef}
                  rows={2}
                  maxLength={500}
                  placeholder={m.dispatch.overrideReason}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="dispatch-reason"
                />
              </div>
            )}
            {!override && <div className="dispatch-hint muted">{m.dispatch.hint}</div>}
          </>
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="dispatch-error" style={{ marginTop: 12 }} />}
      </div>
    </Modal>
  );
});

function PostLine({ post, lead }: { post: PostInfo; lead?: boolean }) {
  const m = useMessages();
  const holder = post.acting;
  // A or B, else the board's on-call person (值守) — never an empty tag.
  const as = holder.onCall ? m.dispatch.onCall : holder.as ? fill(m.dispatch.asPost, { as: holder.as }) : null;
  return (
    <div className={lead ? 'post-line lead' : 'post-line'} data-testid={lead ? 'dispatch-lead-post' : 'dispatch-coop-post'}>
      <span className="post-name">{post.name}</span>
      {holder.personId ? (
        <>
          <span className="post-holder">{as ? fill(m.dispatch.holder, { name: holder.name ?? '', as }) : holder.name}</span>
          {as && <Tag color={holder.onCall ? 'purple' : holder.as === 'A' ? 'blue' : 'orange'}>{holder.onCall ? as : holder.as}</Tag>}
          <span className="post-phone num">{holder.phone ?? post.phone}</span>
        </>
      ) : (
        <span className="post-holder danger">{m.dispatch.noHolder}</span>
      )}
    </div>
  );
}
