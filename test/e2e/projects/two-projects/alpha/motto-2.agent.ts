import { mottoTest } from '../motto-case.js';

mottoTest('alpha motto 2');
