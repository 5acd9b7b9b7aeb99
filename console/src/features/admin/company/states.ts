import type { Address } from "../api";

type MalaysianState = Address["state"];

// The API's enum (Address.state in the generated schema), in its order. `satisfies` refuses a name the
// API does not know; the type of MALAYSIAN_STATES below refuses a list that misses one the API has.
const LISTED = [
  "Johor",
  "Kedah",
  "Kelantan",
  "Melaka",
  "Negeri Sembilan",
  "Pahang",
  "Perak",
  "Perlis",
  "Pulau Pinang",
  "Sabah",
  "Sarawak",
  "Selangor",
  "Terengganu",
  "Kuala Lumpur",
  "Labuan",
  "Putrajaya",
] as const satisfies readonly MalaysianState[];

type Unlisted = Exclude<MalaysianState, (typeof LISTED)[number]>;

/** Every state of the API's Address.state enum. */
export const MALAYSIAN_STATES: [Unlisted] extends [never] ? readonly MalaysianState[] : { unlisted: Unlisted } = LISTED;
