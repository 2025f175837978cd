export { IpamError, isIpamError, type IpamErrorCode } from './errors.ts';
export { parseAddress, formatAddress, normalizeAddress, familyBits, type IpFamily, type IpAddress } from './address.ts';
export {
  parseCidr,
  parseNetwork,
  formatCidr,
  normalizeCidr,
  hostBitsSet,
  cidrContains,
  cidrOverlaps,
  type Cidr,
} from './cidr.ts';
export { cidrsubnet, cidrhost } from './terraform.ts';
export { allocateVlan, allocateVlanOrThrow, VlanAllocator, type VlanRange } from './vlan.ts';
export {
  allocateSubnet,
  allocateSubnetOrThrow,
  SubnetAllocator,
  type SubnetRequest,
  type SubnetPoolOptions,
} from './subnet.ts';
export {
  allocateAddress,
  allocateAddressOrThrow,
  gatewayAddress,
  AddressAllocator,
  type AddressRequest,
} from './address-allocator.ts';
