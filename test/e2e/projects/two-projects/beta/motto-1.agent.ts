import { mottoTest } from '../motto-case.js';

mottoTest('beta motto 1');
