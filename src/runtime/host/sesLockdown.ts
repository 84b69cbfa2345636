/**
 * Installs SES and locks the realm down. Import this module first: ES imports are hoisted, so
 * a module that ran before it could capture unhardened intrinsics. Both the evaluation worker and
 * the runtime's Node tests import it; lockdown runs once per realm.
 */
import 'ses';

lockdown({
  errorTaming: 'safe',
  consoleTaming: 'safe',
  overrideTaming: 'moderate',
  stackFiltering: 'concise',
  // Chromium logs a collapsed "Removing unpermitted intrinsics" group otherwise.
  reporting: 'none',
});
