/**
 * Things an attribute or argument may name that are not values of a type
 * (`template = ubuntu_k8s`, `after = [os]`), or that are values but must come
 * from a particular place (`server_type` from the inventory). The checker
 * resolves them; the language server completes them.
 */
export type ReferenceKind =
  /** A declared `os_template` or a built-in `std.os.*`. */
  | 'os_template'
  /** A declared workflow (possibly through an import alias). */
  | 'workflow'
  /** A step of the same workflow or os_template. */
  | 'step'
  /** A `network` block of the same infrastructure. */
  | 'network'
  /** A `subnet` block of the same infrastructure. */
  | 'subnet'
  /** A readiness check call, `std.ready.*(...)`. */
  | 'ready_check'
  /** A datacenter name from the inventory (checked with `--inventory`). */
  | 'datacenter'
  /** A server type name from the inventory (checked with `--inventory`). */
  | 'server_type';
