import { ContentPage, contentPageLoader, contentPageMeta } from "~/components/ContentPage";

export const loader = contentPageLoader("datenschutz");
export const meta = contentPageMeta;
export default ContentPage;
