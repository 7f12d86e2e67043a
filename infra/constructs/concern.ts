import { type CfnElement, Names, Stack } from 'aws-cdk-lib';
import { Construct, type Node } from 'constructs';

/**
 * A construct that groups one concern of the stack (its functions, workflows, API, mail, schedules) without being
 * part of its resources' addresses: `logicalIdOf` leaves it out, so a resource has the logical ID it had when the
 * stack built it directly. That matters on AWS: a state machine or the API under a new logical ID is a new one —
 * running lifecycles (up to a year) stopped, every emailed link to the API's address broken, and resources with fixed
 * names (state machines, the SES configuration set) failing to deploy while the old ones still hold the name.
 */
export class Concern extends Construct {}

/**
 * The logical ID CDK gives an element (its path under the stack, hashed), with the concerns left out of the path. Two
 * elements with the same ID would fail the synth ("already contains"), as any duplicate does.
 */
export function logicalIdOf(element: CfnElement): string {
  const stack = Stack.of(element);
  const scopes = element.node.scopes;
  const path = scopes.slice(scopes.indexOf(stack) + 1).filter((s) => !(s instanceof Concern));
  // nodeUniqueId hashes a node's path after its first scope: here the stack, then the path without concerns.
  return Names.nodeUniqueId({ scopes: [stack, ...path] } as unknown as Node);
}
