// The agent states list their commands explicitly (src/machine/regions/agent.ts) so the chart shows them; this checks
// that what each state accepts is exactly its row of the allowed-operations table (src/model/status.ts).
import { expect } from '@open-wc/testing';
import { createActor } from 'xstate';
import { selectView } from '../../src/machine/selectors.js';
import { softphoneMachine } from '../../src/machine/softphone.machine.js';
import { AGENT_STATE_CODE } from '../../src/machine/status.js';
import { isInRow, Operation, REFUSED_WHILE_ALLOCATED } from '../../src/model/status.js';
import { WELL_CAPABILITIES } from '../../src/vendors/well/well.capabilities.js';

const AGENT_OPERATIONS = [
  Operation.ready,
  Operation.notReady,
  Operation.outboundOnly,
  Operation.dial,
  Operation.logout,
] as const;

const SIGNED_IN = ['notReady', 'ready', 'allocated', 'outboundOnly', 'afterCallWork'] as const;

function snapshotIn(agentState: (typeof SIGNED_IN)[number]) {
  const context = createActor(softphoneMachine, { input: { capabilities: WELL_CAPABILITIES } }).getSnapshot().context;
  return softphoneMachine.resolveState({
    value: { connection: { connected: 'live' }, agent: { signedIn: agentState } },
    context,
  });
}

describe('agent states and the allowed-operations table', () => {
  for (const agentState of SIGNED_IN) {
    it(`${agentState}: accepts exactly the agent commands of its row`, () => {
      const view = selectView(snapshotIn(agentState));
      const code = AGENT_STATE_CODE[agentState];
      expect(view.code).to.equal(code);
      for (const operation of AGENT_OPERATIONS) {
        const expected =
          isInRow(code, operation) && !(agentState === 'allocated' && REFUSED_WHILE_ALLOCATED.includes(operation));
        expect(view.allowed(operation), `${agentState} ${operation}`).to.equal(expected);
      }
    });
  }

  it('the view is derived once per snapshot', () => {
    const snapshot = snapshotIn('ready');
    expect(selectView(snapshot)).to.equal(selectView(snapshot));
  });
});
