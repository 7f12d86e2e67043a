import type { Enterprise } from '../domain/enterprise.ts';
import type { Principal } from './principal.ts';

/** Managers see every enterprise; a department head their department's (served or brought in); an officer those they serve or brought in. */
export function canSeeEnterprise(principal: Principal, enterprise: Enterprise): boolean {
  const staff = principal.staff;
  if (staff.role === 'manager') return true;
  if (staff.role === 'departmentHead') {
    return (
      enterprise.serviceDepartmentId === staff.departmentId ||
      enterprise.lead.departmentId === staff.departmentId
    );
  }
  return enterprise.serviceOfficerId === staff.id || enterprise.lead.staffId === staff.id;
}
