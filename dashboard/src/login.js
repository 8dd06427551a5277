// The sign-in page: whoever is signed in goes on to the screen they came from (?next=) or to
// their role's screen; otherwise the form.
import { applyI18n, langSwitch, t } from './i18n.js';
import { askToSignIn, currentUser, landing, safeNext } from './session.js';

applyI18n();
langSwitch(document.getElementById('lang'));
const params = new URLSearchParams(location.search);
document.getElementById('expired').hidden = params.get('expired') !== '1';
const form = document.getElementById('login');
const user = (await currentUser().catch(() => null)) ?? (await askToSignIn(form, t('sign-in.failed')));
location.replace(safeNext(params.get('next')) ?? landing(user));
