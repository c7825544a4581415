// The package ships index.d.ts but its "exports" map hides it from NodeNext resolution; this restates the part we use.
declare module '@cocart/cocart-rest-api' {
  import type { AxiosResponse } from 'axios';
  export interface CoCartOptions {
    url: string;
    version?: string;
    wpAPIPrefix?: string;
    consumerKey?: string;
    consumerSecret?: string;
    timeout?: number;
  }
  export default class CoCartAPI {
    constructor(options: CoCartOptions);
    get(endpoint: string, params?: Record<string, unknown>): Promise<AxiosResponse>;
    post(endpoint: string, data: Record<string, unknown>, params?: Record<string, unknown>): Promise<AxiosResponse>;
    put(endpoint: string, data: Record<string, unknown>, params?: Record<string, unknown>): Promise<AxiosResponse>;
    delete(endpoint: string, params?: Record<string, unknown>): Promise<AxiosResponse>;
  }
}
