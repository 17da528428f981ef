import { prepareTemplates } from './helpers/db.ts';

export default async function setup() {
  await prepareTemplates();
}
